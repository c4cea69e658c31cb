/**
 * What every stage shares: the memory of one turn's failed providers that its failover chains
 * skip. Each stage's interface is its own file (`asr.ts`, `llm.ts`, `tts.ts`); what only some
 * providers can do is asked for by name (`capabilities.ts`).
 */

/**
 * Providers that failed during one turn: a failover chain asks none of them again in that turn
 * (a provider that just timed out would most likely time out again). A `Set<string>` will do.
 */
export interface TurnFailures {
  has(providerId: string): boolean;
  add(providerId: string): unknown;
}
