import type { PassedOverProvider, ProviderFailure, ProviderInfo } from '@parley/shared';
import type { TurnResult } from './turn-options.ts';

/**
 * What a turn's language model chain did other than answer at once: the providers it passed
 * over (each once, in the order tried) and the one that answered instead, kept in the turn's
 * `llmFallback` (its `turn.done` tells the page) as they happen, so that a turn that fails or is
 * cut short still says so.
 */
export class FallbackRecord {
  constructor(private readonly result: Pick<TurnResult, 'llmFallback'>) {}

  passedOver(provider: ProviderInfo, failure: Pick<ProviderFailure, 'kind' | 'status'>): void {
    const record = this.result.llmFallback ?? { passedOver: [], answeredBy: null };
    if (record.passedOver.some((p) => p.id === provider.id)) return;
    const entry: PassedOverProvider = { id: provider.id, label: provider.label, ...failure };
    this.result.llmFallback = { ...record, passedOver: [...record.passedOver, entry] };
  }

  answeredBy(provider: ProviderInfo): void {
    if (!this.result.llmFallback) return;
    this.result.llmFallback = {
      ...this.result.llmFallback,
      answeredBy: {
        id: provider.id,
        label: provider.label,
        // A provider with a notice says it is no model (the offline responder).
        ...(provider.notice === undefined ? {} : { standIn: true as const }),
      },
    };
  }
}
