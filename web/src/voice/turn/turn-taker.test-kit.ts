import type { TurnTakerEvents } from './turn-taker.ts';

/** A turn-taker's events, ignored unless a test listens to some of them (`listen`). */
export function quietEvents(listen: Partial<TurnTakerEvents> = {}): TurnTakerEvents {
  return {
    phase: () => undefined,
    userTurn: () => undefined,
    userTurnDropped: () => undefined,
    trace: () => undefined,
    interrupted: () => undefined,
    ...listen,
  };
}
