/** Values a span's attributes may hold. */
export type SpanAttributes = Record<string, string | number | boolean>;

/** A span of one stage of a turn (a recognition, an LLM round, a sentence's first audio…). */
export interface StageSpan {
  /** The `traceparent` its provider requests carry (see trace-context.ts). */
  readonly traceparent: string;
  /** Adds attributes (the provider that served it, a count…). */
  set(attributes: SpanAttributes): void;
  /** Marks a moment in it (`first token`), at `atMs` (epoch ms; default now). */
  event(name: string, atMs?: number): void;
  /**
   * Ends it at `atMs` (epoch ms; default now), as an error with `failure` when given. Only the
   * first call counts: a stage ended where it was known to end is not ended again by a cleanup.
   */
  end(atMs?: number, failure?: string): void;
}

/** One turn's trace: its root span, under which each stage's span is made. */
export interface TurnTrace {
  /** The W3C trace id (32 hex). */
  readonly traceId: string;
  /** A child span of the turn, started at `startMs` (epoch ms; default now). */
  stage(name: string, attributes?: SpanAttributes, startMs?: number): StageSpan;
  /** Ends the turn's span with `outcome` (a turn status, `cancelled`…); only the first call counts. */
  end(outcome: string, attributes?: SpanAttributes, atMs?: number): void;
}

/** What a turn's trace starts with. */
export interface TurnTraceStart {
  /** The page-visible id (the latency panel's), made a W3C id by `w3cTraceId`. */
  traceId: string;
  sessionId: string;
  turnId: number;
  input: 'spoken' | 'typed';
  /** Epoch ms. */
  startMs: number;
}

/** Tracing on (`OTEL_EXPORTER_OTLP_ENDPOINT`): makes each turn's trace, exports them. */
export interface Tracing {
  startTurn(start: TurnTraceStart): TurnTrace;
  /** Exports what is left and stops (the relay closing). */
  shutdown(): Promise<void>;
}

/** A turn's trace as its stages see it: the turn, and its recognition's span (spoken turns). */
export interface TracedTurn {
  turn: TurnTrace;
  /** Started when the utterance did, ended at the final transcript. */
  recognition?: StageSpan;
}
