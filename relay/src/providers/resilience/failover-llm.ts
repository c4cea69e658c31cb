import type { ProviderInfo } from '@parley/shared';
import type { Logger } from '../../log/logger.ts';
import type { LlmEvent, LlmProvider, LlmRequest } from '../types.ts';
import type { AttemptLimits } from './attempt.ts';
import { failoverStream } from './failover-stream.ts';
import type { ProviderSlot } from './provider-slot.ts';

/**
 * An LLM made of a failover chain (see {@link failoverStream}): a provider that fails or times
 * out before its first token is skipped for the next one, invisibly to the user but for the
 * delay; a failure after text went out is thrown, and the turn degrades.
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

  stream(request: LlmRequest): AsyncGenerator<LlmEvent, void, undefined> {
    return failoverStream<LlmProvider, LlmEvent>({
      stage: 'llm',
      slots: this.slots,
      limits: this.limits,
      signal: request.signal,
      log: this.log,
      open: (provider, signal) => provider.stream({ ...request, signal }),
      isOutput: (event) => event.type === 'text' && event.text !== '',
      onServed: (provider) => request.onServed?.(provider.info),
      onAttempt: (provider) => request.onAttempt?.(provider.info),
      onPassedOver: (provider, failure) => request.onPassedOver?.(provider.info, failure),
      ...(request.failed ? { failed: request.failed } : {}),
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.slots.map((s) => s.provider.close()));
  }
}
