import { newTraceId } from '@parley/shared';
import type { Logger } from '../../log/logger.ts';

/** Turns whose logger is kept: the one being said, the ones being answered, and late messages. */
const KEPT_TURNS = 16;

/**
 * Each turn's logger, carrying its turn id and trace id: the client's, or one made here when it
 * sent none (the terminal client, an older page), so every line of a turn can be found by one id.
 * A turn is opened when it starts (spoken or typed); a line about a turn not opened here (a
 * replay after a restart, a message about a forgotten turn) carries its turn id only.
 */
export class TurnLogs {
  private readonly turns = new Map<number, { traceId: string; log: Logger }>();

  constructor(
    private readonly log: Logger,
    private readonly newId: () => string = newTraceId,
  ) {}

  /** Opens turn `turnId`'s logger with `traceId`, or a new one; returns the trace id. */
  open(turnId: number, traceId: string | undefined): string {
    const id = traceId ?? this.newId();
    this.turns.delete(turnId);
    this.turns.set(turnId, { traceId: id, log: this.log.child({ turnId, traceId: id }) });
    for (const oldest of this.turns.keys()) {
      if (this.turns.size <= KEPT_TURNS) break;
      this.turns.delete(oldest);
    }
    return id;
  }

  /** Turn `turnId`'s logger (see the class). */
  of(turnId: number): Logger {
    return this.turns.get(turnId)?.log ?? this.log.child({ turnId });
  }

  /** Turn `turnId`'s trace id, when it was opened here. */
  traceOf(turnId: number): string | undefined {
    return this.turns.get(turnId)?.traceId;
  }
}
