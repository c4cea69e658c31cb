import type { ProviderInfo } from '@parley/shared';
import type { Logger } from '../../log/logger.ts';
import type { LlmChain, LlmChainRequest, LlmEvent, LlmOutput, LlmProvider } from '../stages/llm.ts';
import type { AttemptLimits } from './attempt.ts';
import { failoverStream } from './failover-stream.ts';
import type { ProviderSlot } from './provider-slot.ts';

/**
 * An LLM made of a failover chain (see {@link failoverStream}): a provider that fails or times
 * out before its first token is skipped for the next one, invisibly to the user but for the
 * delay; a failure after text or a tool call went out is thrown, and the turn degrades. The chain tells its
 * caller whom it asks, who answered and who was passed over, and what each provider sent (its
 * `prompt` event, kept from the output), for the meter: the adapters get the request alone.
 */
export class FailoverLlm implements LlmChain {
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

  async *stream(request: LlmChainRequest): AsyncGenerator<LlmOutput, void, undefined> {
    const { messages, signal } = request;
    const asked = {
      messages,
      signal,
      ...(request.style === undefined ? {} : { style: request.style }),
      ...(request.timeZone === undefined ? {} : { timeZone: request.timeZone }),
      ...(request.language === undefined ? {} : { language: request.language }),
      ...(request.memory === undefined ? {} : { memory: request.memory }),
      ...(request.tools === undefined ? {} : { tools: request.tools }),
      ...(request.toolbox === undefined ? {} : { toolbox: request.toolbox }),
      ...(request.toolRuns === undefined ? {} : { toolRuns: request.toolRuns }),
    };
    const events = failoverStream<LlmProvider, LlmEvent>({
      stage: 'llm',
      slots: this.slots,
      limits: this.limits,
      signal,
      log: this.log,
      open: (provider, attemptSignal) => provider.stream({ ...asked, signal: attemptSignal }),
      // A tool call commits the chain to its provider as text does: it comes whole (its
      // arguments' deltas are `progress`), so a provider failing before one is passed over with
      // nothing run; the turn runs tools only once the round's stream has ended, so no chain ever
      // fails over after a tool ran — the next round is a new request, to any provider.
      isOutput: (event) =>
        (event.type === 'text' && event.text !== '') || event.type === 'tool-call',
      isReport: (event) => event.type === 'prompt',
      onServed: (provider) => request.onServed?.(provider.info),
      onAttempt: (provider) => request.onAttempt?.(provider.info),
      onPassedOver: (provider, failure) => request.onPassedOver?.(provider.info, failure),
      ...(request.failed ? { failed: request.failed } : {}),
    });
    for await (const event of events) {
      if (event.type === 'prompt') request.onPrompt?.(event.messages);
      else if (event.type !== 'progress') yield event;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.slots.map((s) => s.provider.close()));
  }
}
