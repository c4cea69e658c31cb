import type { AsrResult, AsrStream } from '../providers/stages/asr.ts';

/**
 * How a provider call ended, for billing: `done` (it served), `failed` (a provider error or
 * timeout everywhere: hosted APIs do not charge for those) or `cancelled` (the user moved on
 * while a provider was working: it may have done the work, and is billed for it).
 */
export type CallOutcome = 'done' | 'failed' | 'cancelled';

/**
 * Who one call through a failover chain is billed to, from what the chain reports: the provider
 * that served output (all of it, or part before it broke off), else — when the user cancelled —
 * the provider being asked at that moment, else nobody. A provider that failed before any output
 * costs nothing.
 */
export class ChainCall {
  private attempted: string | null;
  private served: string | null = null;

  /**
   * @param assumed The provider taken as asked when no chain reports attempts (a single
   *   provider called directly); a chain's first report replaces it.
   */
  constructor(assumed: string | null = null) {
    this.attempted = assumed;
  }

  /** The chain asks `providerId` (before its request goes out). */
  attempt(providerId: string): void {
    this.attempted = providerId;
  }

  /** `providerId` produced output. */
  serve(providerId: string): void {
    this.served = providerId;
  }

  /** The provider to bill when the call ended with `outcome`; null: nobody. */
  billedTo(outcome: CallOutcome): string | null {
    if (this.served !== null) return this.served;
    return outcome === 'failed' ? null : this.attempted;
  }
}

/**
 * Who an utterance's recognition is billed to: the provider that recognised it (a failover chain
 * may have replayed it into its fallback); when cancelled, the one receiving its audio at that
 * moment; nobody when every provider failed. `fallbackId` stands for a recogniser that says
 * neither (a single provider called directly).
 */
export function asrBilledTo(
  stream: AsrStream,
  outcome: CallOutcome,
  fallbackId: string,
  result?: AsrResult,
): string | null {
  switch (outcome) {
    case 'done':
      return result?.provider?.id ?? fallbackId;
    case 'failed':
      return null;
    case 'cancelled':
      return stream.serving ? (stream.serving()?.id ?? null) : fallbackId;
  }
}
