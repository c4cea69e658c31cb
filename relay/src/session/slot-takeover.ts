import { logFailure } from '../error-tracking/report-error.ts';
import type { SessionServices } from './session-services.ts';
import { endSession } from './handshake.ts';

/** Why a session waiting for its resume ended: a newer session of its user took its slot. */
export const TAKEN_OVER_REASON = 'slot taken by a newer session';

/**
 * A newer session of the same user took the slot of `sessionId`, which was waiting here for its
 * client to resume (see `SessionSlots.onTakenOver`): it ends for good, recorded with
 * {@link TAKEN_OVER_REASON}, and cannot be resumed.
 */
export async function endTakenOver(ctx: SessionServices, sessionId: string): Promise<void> {
  const session = ctx.registry.get(sessionId);
  if (!session) return;
  ctx.registry.remove(sessionId);
  session.log.info('a newer session of this user took its slot while it waited for a resume');
  try {
    await endSession(ctx, session, TAKEN_OVER_REASON);
  } catch (err) {
    logFailure(session.log, err, 'could not end a session whose slot was taken');
  }
}
