import type {
  SpanAttributes,
  Tracing,
  TracedTurn,
} from '../../observability/tracing/turn-trace.ts';

/** Turns whose trace is kept open: the one being said, the ones being answered. */
const KEPT_TURNS = 16;

/**
 * Each turn's trace while tracing is on (see `Tracing`): opened when the turn starts (spoken:
 * with its recognition's span, which the recogniser's requests carry), ended when it is finished
 * and stored, cancelled, or given up (a turn dropped from the kept ones, the session closing).
 */
export class TurnTraces {
  private readonly turns = new Map<number, TracedTurn>();

  constructor(
    private readonly tracing: Tracing,
    private readonly sessionId: string,
    private readonly now: () => number,
  ) {}

  /** Opens turn `turnId`'s trace, `traceId` being the turn's page-visible id. */
  open(turnId: number, traceId: string, input: 'spoken' | 'typed'): TracedTurn {
    this.end(turnId, 'replaced');
    const startMs = this.now();
    const turn = this.tracing.startTurn({
      traceId,
      sessionId: this.sessionId,
      turnId,
      input,
      startMs,
    });
    const traced: TracedTurn =
      input === 'spoken' ? { turn, recognition: turn.stage('recognition', {}, startMs) } : { turn };
    this.turns.set(turnId, traced);
    for (const oldest of this.turns.keys()) {
      if (this.turns.size <= KEPT_TURNS) break;
      this.end(oldest, 'abandoned');
    }
    return traced;
  }

  /** Turn `turnId`'s trace, while it is open. */
  of(turnId: number): TracedTurn | undefined {
    return this.turns.get(turnId);
  }

  /** Ends turn `turnId`'s trace (if open) with `outcome` (and `attributes` on the turn's span). */
  end(turnId: number, outcome: string, attributes: SpanAttributes = {}): void {
    const traced = this.turns.get(turnId);
    if (!traced) return;
    this.turns.delete(turnId);
    const atMs = this.now();
    traced.recognition?.end(atMs, outcome === 'failed' ? outcome : undefined);
    traced.turn.end(outcome, attributes, atMs);
  }

  /** The session closes: every trace still open ends (`closed`). */
  close(): void {
    for (const turnId of [...this.turns.keys()]) this.end(turnId, 'closed');
  }
}
