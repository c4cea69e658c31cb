import { audioCodec, type HelloMessage, type ServerMessage } from '@parley/shared';
import { z } from 'zod';
import type { Identity } from '../auth/index.ts';
import { describeError, RelayError } from '../errors.ts';
import { tooManySessions } from '../limits/limit-errors.ts';
import { utcDay } from '../metering/cost-meter.ts';
import { combineObservers } from '../observability/turn-observer.ts';
import type { SessionServices } from './session-services.ts';
import { SessionBilling } from './turns/billing.ts';
import { chooseCodecs, replyRateHz } from './wire/codec-choice.ts';
import { historyOfTurns } from './turns/conversation-history.ts';
import { mayResume } from './resume-grace.ts';
import { newSessionId, secretMatches } from './wire/resume-state.ts';
import { adoptPageLanguage } from './page-language.ts';
import type { SessionLink } from './wire/attached-link.ts';
import { Session } from './session.ts';
import { buildSessionParts, type SessionInit } from './session-parts.ts';

const resumeState = z.object({
  v: z.literal(1),
  outputRateHz: z.number().int(),
  timeZone: z.string().nullable(),
  createdAt: z.number(),
  lastTurnId: z.number().int(),
  ackedSeq: z.number().int(),
  outSeq: z.number().int(),
  codecs: z
    .object({
      up: audioCodec,
      down: audioCodec,
      downBitrate: z.number().int().positive().optional(),
    })
    .optional(),
});

export function billingFor(
  ctx: SessionServices,
  userId: string,
  sessionId: string,
): SessionInit['billing'] {
  return (send: (m: ServerMessage) => void) =>
    new SessionBilling({
      meter: ctx.meter,
      pricing: ctx.metering.pricing,
      budget: ctx.metering.budget,
      userId,
      sessionId,
      send,
      log: ctx.log.child({ sessionId }),
      userSpend: ctx.shared.userSpend,
      spent: (stage, providerId, micros) => ctx.metrics.spent(stage, providerId, micros),
    });
}

export function sessionDeps(ctx: SessionServices) {
  const tools = ctx.turnTools ?? ctx.tools;
  return {
    providers: ctx.providers,
    storage: ctx.storage,
    historyMessages: ctx.settings.historyMessages,
    log: ctx.log,
    now: () => ctx.now(),
    observer: combineObservers(ctx.metrics, ctx.audioDump),
    ...(ctx.tracing ? { tracing: ctx.tracing } : {}),
    journals: ctx.shared.journals,
    recognitions: ctx.limits.recognitions,
    ...(ctx.preferences ? { preferences: ctx.preferences } : {}),
    defaultEagerness: ctx.settings.turnEagerness,
    ...(ctx.settings.lateFirstTokenMs === undefined
      ? {}
      : { lateFirstTokenMs: ctx.settings.lateFirstTokenMs }),
    ...(ctx.turnWatch ? { turnWatch: ctx.turnWatch } : {}),
    ...(tools ? { tools } : {}),
    ...(ctx.toolRounds ? { toolRounds: ctx.toolRounds } : {}),
  };
}

/**
 * How a new session's audio travels, from what its client offered: the codecs, and the rate of
 * its reply audio (what the client asked for, or the synthesiser's; with Opus, an Opus rate).
 */
export function audioTerms(ctx: SessionServices, hello: HelloMessage) {
  const codecs = chooseCodecs(hello.codecs, ctx.settings.opus);
  const requested = hello.outputSampleRateHz ?? ctx.providers.tts.sampleRateHz;
  return { codecs, outputRateHz: replyRateHz(requested, codecs) };
}

/**
 * What this relay must know of the user before their session starts. Their spending today: the
 * ledger in the database, or — with several relays — the shared total, which also holds turns
 * still being answered elsewhere. Their preferences, so `ready` says their eagerness (a failed
 * read leaves the defaults: it must not keep them from talking).
 */
export async function seedUser(ctx: SessionServices, userId: string): Promise<void> {
  const stored = await ctx.storage.usage.userDayCost(userId);
  const shared = (await ctx.shared.userSpend?.get(userId, utcDay(Date.now()))) ?? 0;
  ctx.meter.seedUserDay(userId, Math.max(stored, shared));
  await ctx.preferences
    ?.read(userId)
    .catch((err: unknown) =>
      ctx.log.warn({ userId, err: describeError(err) }, 'could not read the preferences'),
    );
}

/** Starts a new session for `identity` (admitted by the per-user limits, stored first). */
export async function openSession(
  ctx: SessionServices,
  identity: Identity,
  hello: HelloMessage,
  link: SessionLink,
): Promise<Session> {
  const id = newSessionId();
  const admitted = await ctx.limits.admitSession(identity.userId, id);
  if (!admitted.ok) throw admitted.error;
  try {
    await ctx.shared.ownership.acquire(id);
    await ctx.storage.sessions.create({ id, userId: identity.userId });
    await seedUser(ctx, identity.userId);
    await adoptPageLanguage(ctx.preferences, identity.userId, hello.language, ctx.log);
  } catch (err) {
    admitted.release();
    await ctx.shared.ownership.release(id);
    throw err;
  }
  const session = new Session(
    buildSessionParts(link, sessionDeps(ctx), {
      id,
      userId: identity.userId,
      ...audioTerms(ctx, hello),
      timeZone: hello.timeZone,
      release: admitted.release,
      billing: billingFor(ctx, identity.userId, id),
    }),
  );
  await session.checkpoint();
  ctx.registry.add(session);
  ctx.metrics.sessionStarted();
  return session;
}

/**
 * Finds the session a client wants back: still in this relay (within its grace period), or
 * in storage — after a relay restart, or held by another relay, which hands it over first.
 * Only its owner, holding its secret, gets it — anyone else gets the same "cannot be resumed"
 * as for a session that never existed, and moves nothing.
 */
export async function findSessionToResume(
  ctx: SessionServices,
  identity: Identity,
  resume: NonNullable<HelloMessage['resume']>,
  link: SessionLink,
): Promise<Session> {
  const live = ctx.registry.get(resume.sessionId);
  if (live) {
    if (live.userId !== identity.userId || !live.checkSecret(resume.secret))
      throw RelayError.notResumable();
    if (!(await ctx.registry.reattach(live))) throw RelayError.notResumable();
    ctx.metrics.resumed('memory');
    return live;
  }
  // Proven the owner before anything moves; the state is read again once this relay holds it.
  await loadResumable(ctx, identity, resume);
  if (!(await ctx.shared.ownership.acquire(resume.sessionId))) throw RelayError.heldElsewhere();
  try {
    return await restoreSession(ctx, identity, resume, link);
  } catch (err) {
    await ctx.shared.ownership.release(resume.sessionId);
    throw err;
  }
}

/** The stored resume record of a session `identity` may resume, or "cannot be resumed". */
async function loadResumable(
  ctx: SessionServices,
  identity: Identity,
  resume: NonNullable<HelloMessage['resume']>,
) {
  const record = await ctx.storage.sessions.loadResume(resume.sessionId);
  if (
    !record ||
    record.userId !== identity.userId ||
    !secretMatches(resume.secret, record.secretHash)
  )
    throw RelayError.notResumable();
  if (!mayResume(record, Date.now(), ctx.settings.resumeGraceMs)) throw RelayError.notResumable();
  const state = resumeState.safeParse(record.state);
  if (!state.success) throw RelayError.notResumable();
  return state.data;
}

/** Rebuilds a session from storage (this relay holds it now). */
async function restoreSession(
  ctx: SessionServices,
  identity: Identity,
  resume: NonNullable<HelloMessage['resume']>,
  link: SessionLink,
): Promise<Session> {
  const state = await loadResumable(ctx, identity, resume);
  const detail = await ctx.storage.sessions.get(identity.userId, resume.sessionId);
  if (!detail) throw RelayError.notResumable();
  const journal = await ctx.shared.journals.take(resume.sessionId);
  const release = await ctx.limits.sessionSlots.acquire(identity.userId, resume.sessionId);
  if (!release) throw tooManySessions(ctx.limitsConfig.maxSessionsPerUser);
  try {
    await ctx.storage.sessions.reopen(resume.sessionId);
    await seedUser(ctx, identity.userId);
  } catch (err) {
    release();
    throw err;
  }
  const session = new Session(
    buildSessionParts(link, sessionDeps(ctx), {
      id: resume.sessionId,
      userId: identity.userId,
      outputRateHz: state.outputRateHz,
      timeZone: state.timeZone ?? undefined,
      ...(state.codecs ? { codecs: state.codecs } : {}),
      release,
      billing: billingFor(ctx, identity.userId, resume.sessionId),
      restored: {
        secret: resume.secret,
        state,
        history: historyOfTurns(detail.turns),
        ...(journal ? { journal } : {}),
      },
    }),
  );
  ctx.registry.add(session);
  ctx.metrics.resumed('storage');
  session.log.info({ turns: detail.turns.length }, 'session restored from storage');
  return session;
}

/** Ends a session for good and frees its metering state. */
export async function endSession(
  ctx: SessionServices,
  session: Session,
  reason: string,
): Promise<void> {
  await session.close(reason);
  ctx.meter.endSession(session.id);
  await ctx.shared.ownership.release(session.id);
}
