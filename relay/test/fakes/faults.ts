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
  | { kind: 'reset'; afterChunks: number }
  /**
   * Audio only: sends `afterChunks` chunks, then one stray byte, then the rest of the audio, so
   * that every later sample is read a byte off (full-scale noise). Elsewhere: no fault.
   */
  | { kind: 'misaligned'; afterChunks: number }
  /**
   * Audio only: answers 200 labelled as raw audio whose body is the provider's JSON error, as a
   * gateway in the way may (over a WebSocket: the provider's error message where audio was due).
   * Elsewhere: no fault.
   */
  | { kind: 'mislabelled' };

export const healthy: Fault = { kind: 'none' };
