import type { TurnStatus } from '@parley/shared';

/**
 * Whether a finished turn is left unrecorded for its client to replay, rather than recorded
 * (stored, its audio acknowledged, `turn.done` sent). A spoken turn cut short because its
 * session is moving — to the restarted relay, or to another relay its client came back to — was
 * not answered: the client still holds the utterance and replays it there, where it is
 * answered. Recording it as cancelled, and acknowledging its audio, would lose what the user
 * said. A typed turn is recorded as before (the client does not keep typed text for a replay).
 */
export function leftForReplay(
  turn: { spoken: boolean; status: TurnStatus },
  session: { movingAway: boolean },
): boolean {
  return session.movingAway && turn.spoken && turn.status === 'cancelled';
}
