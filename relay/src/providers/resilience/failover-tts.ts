import type { ProviderInfo } from '@parley/shared';
import type { Logger } from '../../log/logger.ts';
import type { TtsProvider, TtsRequest } from '../types.ts';
import { Attempt, type AttemptLimits } from './attempt.ts';
import { NoProviderError } from './no-provider-error.ts';
import type { ProviderSlot } from './provider-slot.ts';

/**
 * A TTS made of a failover chain, per sentence: a provider that fails or times out before its
 * first audio is skipped for the next one. Once audio went out, a failure is thrown (the user
 * heard part of the sentence; the turn degrades to text). Blocks come at the rate announced
 * through `onServed`, which may differ from the primary's `sampleRateHz`.
 */
export class FailoverTts implements TtsProvider {
  readonly info: ProviderInfo;
  readonly sampleRateHz: number;

  constructor(
    private readonly slots: readonly ProviderSlot<TtsProvider>[],
    private readonly limits: AttemptLimits,
    private readonly log: Logger,
  ) {
    const primary = slots[0];
    if (!primary) throw new Error('FailoverTts needs at least one provider');
    this.info = primary.provider.info;
    this.sampleRateHz = primary.provider.sampleRateHz;
  }

  async *synthesize(request: TtsRequest): AsyncGenerator<Int16Array, void, undefined> {
    const skipped: { providerId: string; error: string }[] = [];
    for (const slot of this.slots) {
      request.signal.throwIfAborted();
      if (!slot.breaker.tryAcquire()) {
        skipped.push({ providerId: slot.id, error: 'circuit open' });
        continue;
      }
      const { provider } = slot;
      const attempt = new Attempt(request.signal, slot.id, this.limits);
      const started = performance.now();
      let firstAudioMs: number | undefined;
      try {
        for await (const pcm of provider.synthesize({
          text: request.text,
          signal: attempt.signal,
        })) {
          attempt.progress();
          if (pcm.length === 0) continue;
          if (firstAudioMs === undefined) {
            firstAudioMs = performance.now() - started;
            request.onServed?.(provider.info, provider.sampleRateHz);
          }
          yield pcm;
        }
        attempt.signal.throwIfAborted();
        if (firstAudioMs === undefined) request.onServed?.(provider.info, provider.sampleRateHz);
        slot.succeeded(firstAudioMs);
        return;
      } catch (err) {
        const error = attempt.error(err);
        if (attempt.cancelled) {
          slot.breaker.release();
          throw error;
        }
        slot.failed(error);
        const message = error instanceof Error ? error.message : String(error);
        if (firstAudioMs !== undefined) {
          this.log.warn({ provider: slot.id, err: message }, 'tts failed mid-sentence');
          throw error;
        }
        this.log.warn({ provider: slot.id, err: message }, 'tts failed, trying the next provider');
        skipped.push({ providerId: slot.id, error: message });
      } finally {
        attempt.dispose();
      }
    }
    throw new NoProviderError('tts', skipped);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.slots.map((s) => s.provider.close()));
  }
}
