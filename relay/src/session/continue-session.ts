import type { HelloMessage } from '@parley/shared';
import type { Identity } from '../auth/index.ts';
import { RelayError } from '../errors.ts';
import type { ChatMessage } from '../providers/stages/llm.ts';
import { historyOfTurns } from './turns/conversation-history.ts';
import { audioTerms, billingFor, endSession, seedUser, sessionDeps } from './handshake.ts';
import { adoptPageLanguage } from './page-language.ts';
import type { SessionLink } from './wire/attached-link.ts';
import { Session } from './session.ts';
import { buildSessionParts } from './session-parts.ts';
import type { SessionServices } from './session-services.ts';

/**
 * Opens one of the user's past conversations again on a new connection: its stored turns become
 * the language model's history, new turns are stored with it (title, cost, turn count). Only its
 * owner may: anyone else gets the same refusal as for a conversation that never existed, and
 * nothing moves. If the conversation is still open (its client gone, waiting for a resume, or in
 * another tab), that session ends first, so its last turn is stored before it is read.
 */
export async function continueSession(
  ctx: SessionServices,
  identity: Identity,
  hello: HelloMessage,
  sessionId: string,
  link: SessionLink,
): Promise<Session> {
  const { userId } = identity;
  if (!(await ctx.storage.sessions.get(userId, sessionId))) throw RelayError.notContinuable();
  const live = ctx.registry.get(sessionId);
  if (live) {
    // Its connection (another tab) is told it was replaced; it cannot take the session back.
    live.movedAway();
    ctx.registry.remove(sessionId);
    await endSession(ctx, live, 'continued on another connection');
  }
  const admitted = await ctx.limits.admitSession(userId, sessionId);
  if (!admitted.ok) throw admitted.error;
  let lastTurnId = -1;
  let history: ChatMessage[] = [];
  try {
    // Another relay holding it saves it and lets go first: its turns are read after that.
    if (!(await ctx.shared.ownership.acquire(sessionId))) throw RelayError.heldElsewhere();
    const stored = await ctx.storage.sessions.get(userId, sessionId);
    if (!stored) throw RelayError.notContinuable();
    for (const t of stored.turns) lastTurnId = Math.max(lastTurnId, t.turnId);
    history = historyOfTurns(stored.turns);
    await ctx.storage.sessions.reopen(sessionId);
    await seedUser(ctx, userId);
    await adoptPageLanguage(ctx.preferences, userId, hello.language, ctx.log);
  } catch (err) {
    admitted.release();
    await ctx.shared.ownership.release(sessionId);
    throw err;
  }
  const session = new Session(
    buildSessionParts(link, sessionDeps(ctx), {
      id: sessionId,
      userId,
      ...audioTerms(ctx, hello),
      timeZone: hello.timeZone,
      release: admitted.release,
      billing: billingFor(ctx, userId, sessionId),
      continued: { history, lastTurnId },
    }),
  );
  // A new resume secret: a client still holding the old one cannot take it back.
  await session.checkpoint();
  ctx.registry.add(session);
  ctx.metrics.sessionStarted();
  session.log.info({ messages: history.length, lastTurnId }, 'past conversation continued');
  return session;
}
