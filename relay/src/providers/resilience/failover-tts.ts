import type { ProviderInfo } from '@parley/shared';
import type { Logger } from '../../log/logger.ts';
import type { TtsChain, TtsChainRequest, TtsProvider, VoiceOption } from '../types.ts';
import type { AttemptLimits } from './attempt.ts';
import { failoverStream } from './failover-stream.ts';
import type { ProviderSlot } from './provider-slot.ts';

/**
 * A TTS made of a failover chain, per sentence (see {@link failoverStream}): a provider that
 * fails or times out before its first audio is skipped for the next one; once audio went out a
 * failure is thrown (the turn hands the sentence to the next voice). Blocks come at the rate
 * announced through `onServed`, which may differ from the primary's `sampleRateHz`. With the
 * turn's `request.failed`, a voice that failed (or broke off) is not asked again in that turn.
 */
export class FailoverTts implements TtsChain {
  readonly info: ProviderInfo;
  readonly sampleRateHz: number;
  /** The primary's: the user's pace goes to every voice of the chain that can change it. */
  readonly supportsSpeakingRate: boolean;

  constructor(
    private readonly slots: readonly ProviderSlot<TtsProvider>[],
    private readonly limits: AttemptLimits,
    private readonly log: Logger,
  ) {
    const primary = slots[0];
    if (!primary) throw new Error('FailoverTts needs at least one provider');
    this.info = primary.provider.info;
    this.sampleRateHz = primary.provider.sampleRateHz;
    this.supportsSpeakingRate = primary.provider.supportsSpeakingRate === true;
  }

  /** The primary's voices: what the user chooses from, and what only the primary is told. */
  voices(signal: AbortSignal): Promise<readonly VoiceOption[]> {
    return this.slots[0]?.provider.voices?.(signal) ?? Promise.resolve([]);
  }

  synthesize(request: TtsChainRequest): AsyncGenerator<Int16Array, void, undefined> {
    return failoverStream<TtsProvider, Int16Array>({
      stage: 'tts',
      slots: this.slots,
      limits: this.limits,
      signal: request.signal,
      log: this.log,
      open: (provider, signal) =>
        provider.synthesize({
          text: request.text,
          signal,
          // The user chose among the primary's voices: a fallback speaks in its own.
          ...(request.voice !== undefined && provider === this.slots[0]?.provider
            ? { voice: request.voice }
            : {}),
          ...(request.speakingRate === undefined ? {} : { speakingRate: request.speakingRate }),
        }),
      isOutput: (pcm) => pcm.length > 0,
      onServed: (provider) => request.onServed?.(provider.info, provider.sampleRateHz),
      onAttempt: (provider) => request.onAttempt?.(provider.info),
      ...(request.failed ? { failed: request.failed } : {}),
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.slots.map((s) => s.provider.close()));
  }
}
