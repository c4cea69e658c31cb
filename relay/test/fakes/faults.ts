/**
 * What a fake provider server does wrong, to drive the relay's resilience. `afterChunks` counts
 * the stream's data chunks (SSE events, audio blocks, WebSocket results) sent before the fault.
 */
export type Fault =
  | { kind: 'none' }
  /** Waits before answering at all (headers included). */
  | { kind: 'latency'; ms: number }
  /** Answers with this HTTP status and a JSON error body in the provider's format. */
  | { kind: 'status'; status: number; retryAfterS?: number }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Sends `afterChunks` chunks, then nothing more, keeping the connection open. */
  | { kind: 'stall'; afterChunks: number }
  /** Sends `afterChunks` good chunks, then one that does not parse. */
  | { kind: 'malformed'; afterChunks: number }
  /** Sends `afterChunks` chunks, then destroys the TCP connection. */
  | { kind: 'reset'; afterChunks: number };

export const healthy: Fault = { kind: 'none' };
