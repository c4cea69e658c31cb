import type { ProviderInfo } from '@parley/shared';
import type { Logger } from '../../log/logger.ts';
import type { LlmEvent, LlmProvider, LlmRequest } from '../types.ts';
import { Attempt, type AttemptLimits } from './attempt.ts';
import { NoProviderError } from './no-provider-error.ts';
import type { ProviderSlot } from './provider-slot.ts';

/**
 * An LLM made of a failover chain: each request goes to the first provider whose breaker lets
 * it through; a provider that fails or times out before its first token is skipped for the next
 * one, invisibly to the user but for the delay. A failure after text went out cannot be hidden
 * (the user saw it): it is thrown, and the turn degrades.
 */
export class FailoverLlm implements LlmProvider {
  readonly info: ProviderInfo;

  constructor(
    private readonly slots: readonly ProviderSlot<LlmProvider>[],
    private readonly limits: AttemptLimits,
    private readonly log: Logger,
  ) {
    const primary = slots[0];
    if (!primary) throw new Error('FailoverLlm needs at least one provider');
    this.info = primary.provider.info;
  }

  async *stream(request: LlmRequest): AsyncGenerator<LlmEvent, void, undefined> {
    const skipped: { providerId: string; error: string }[] = [];
    for (const slot of this.slots) {
      request.signal.throwIfAborted();
      if (!slot.breaker.tryAcquire()) {
        skipped.push({ providerId: slot.id, error: 'circuit open' });
        continue;
      }
      const attempt = new Attempt(request.signal, slot.id, this.limits);
      const started = performance.now();
      let firstTokenMs: number | undefined;
      try {
        for await (const event of slot.provider.stream({ ...request, signal: attempt.signal })) {
          attempt.progress();
          if (firstTokenMs === undefined && event.type === 'text' && event.text !== '') {
            firstTokenMs = performance.now() - started;
            request.onServed?.(slot.provider.info);
          }
          yield event;
        }
        // A stream that ended on its own after a deadline fired still failed.
        attempt.signal.throwIfAborted();
        slot.succeeded(firstTokenMs);
        if (firstTokenMs === undefined) request.onServed?.(slot.provider.info);
        return;
      } catch (err) {
        const error = attempt.error(err);
        if (attempt.cancelled) {
          slot.breaker.release();
          throw error;
        }
        slot.failed(error);
        const message = error instanceof Error ? error.message : String(error);
        if (attempt.hasStarted && firstTokenMs !== undefined) {
          this.log.warn({ provider: slot.id, err: message }, 'llm failed mid-reply');
          throw error;
        }
        this.log.warn({ provider: slot.id, err: message }, 'llm failed, trying the next provider');
        skipped.push({ providerId: slot.id, error: message });
      } finally {
        attempt.dispose();
      }
    }
    throw new NoProviderError('llm', skipped);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.slots.map((s) => s.provider.close()));
  }
}
