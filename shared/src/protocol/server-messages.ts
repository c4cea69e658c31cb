import { z } from 'zod';
import { EAGERNESS } from '../turn/end-of-turn.ts';
import { audioCodec, epochMs, id, seq, traceId, turnId } from './wire-fields.ts';

// ───────────────────────────── relay → client ─────────────────────────────

const providerInfo = z.strictObject({
  id: z.string(),
  label: z.string(),
  /** Shown to the user next to replies, e.g. "Offline responder — configure an LLM…". */
  notice: z.string().optional(),
});

export const readyMessage = z.strictObject({
  type: z.literal('ready'),
  protocol: z.number().int(),
  sessionId: id,
  /** Secret that, with `sessionId`, lets this client (and only it) resume the session. */
  resumeSecret: z.string(),
  resumed: z.boolean(),
  /** Highest microphone seq the relay has durably processed (-1: none): replay what follows. */
  ackedSeq: z.number().int().min(-1),
  outputSampleRateHz: z.number().int(),
  providers: z.strictObject({ asr: providerInfo, llm: providerInfo, tts: providerInfo }),
  serverTimeMs: epochMs,
  /** How soon this user's turns end at a pause (their preference, else the relay's default). */
  eagerness: z.enum(EAGERNESS),
  /**
   * The codecs chosen from `hello.codecs` (only when the client offered some): microphone
   * frames may come in `up` (PCM16 is always accepted too), reply frames come in `down`, at
   * `downBitrate` bits per second when it is Opus.
   */
  codecs: z
    .strictObject({
      up: audioCodec,
      down: audioCodec,
      downBitrate: z.number().int().positive().optional(),
    })
    .optional(),
});

export const pongMessage = z.strictObject({
  type: z.literal('pong'),
  id: seq,
  clientTimeMs: epochMs,
  serverTimeMs: epochMs,
});

export const transcriptPartialMessage = z.strictObject({
  type: z.literal('transcript.partial'),
  turnId,
  text: z.string(),
  /**
   * Set on the words heard up to an `utterance.pause`: its `lastSeq`. The client's end-of-turn
   * policy may end the turn sooner on these (a partial while speaking may lag behind).
   */
  pauseSeq: seq.optional(),
});

export const transcriptFinalMessage = z.strictObject({
  type: z.literal('transcript.final'),
  /** Turn-output sequence number (shared with reply audio frames), for resuming without gaps. */
  seq,
  turnId,
  text: z.string(),
});

/** A piece of the reply text as the LLM streams it. */
export const replyDeltaMessage = z.strictObject({
  type: z.literal('reply.delta'),
  /** Turn-output sequence number (shared with reply audio frames), for resuming without gaps. */
  seq,
  turnId,
  text: z.string(),
});

/**
 * A sentence of the reply about to be spoken: its audio frames follow, up to the next segment's
 * `startSample` (or the turn's end). Positions count samples of reply audio from the start of
 * the turn, at the session's output rate. The same `index` sent again means its voice broke off
 * mid-sentence: the sentence is said again from its start, from the new `startSample`, by
 * another voice (the cut audio before it stays played but counts for no words).
 */
export const replySegmentMessage = z.strictObject({
  type: z.literal('reply.segment'),
  /** Turn-output sequence number (shared with reply audio frames), for resuming without gaps. */
  seq,
  turnId,
  index: z.number().int().min(0),
  text: z.string(),
  startSample: z.number().int().min(0),
});

/** After an interrupt: the reply as the user heard it (replaces the streamed text). */
export const replyTruncatedMessage = z.strictObject({
  type: z.literal('reply.truncated'),
  /** Turn-output sequence number. */
  seq,
  turnId,
  heard: z.string(),
});

export const turnStatus = z.enum(['completed', 'empty', 'failed', 'cancelled']);
export type TurnStatus = z.infer<typeof turnStatus>;

/** Milliseconds spent per stage of a turn, measured on the relay. */
export const turnTimings = z.strictObject({
  /** utterance.end received → final transcript. */
  asrFinalMs: z.number().optional(),
  /** LLM request → first token. */
  llmFirstTokenMs: z.number().optional(),
  /** LLM request → last token. */
  llmTotalMs: z.number().optional(),
  /** First sentence handed to TTS → its first audio. */
  ttsFirstAudioMs: z.number().optional(),
  /** utterance.end received → first reply audio frame sent. */
  relayFirstAudioMs: z.number().optional(),
  /** Client's speech end → utterance.end received, across clocks (approximate). */
  uplinkMs: z.number().optional(),
});
export type TurnTimings = z.infer<typeof turnTimings>;

/**
 * When each stage of a turn happened on the relay (the relay's epoch-ms clock, sub-ms). The
 * client maps them onto its own clock with its offset estimate to draw the turn's timeline.
 * Speculative work may start before the end of the utterance was received.
 */
export const turnMarks = z.strictObject({
  /** utterance.end (or the typed message) received. */
  endReceivedAtMs: z.number().optional(),
  asrFinalAtMs: z.number().optional(),
  llmRequestAtMs: z.number().optional(),
  llmFirstTokenAtMs: z.number().optional(),
  /** The first sentence handed to TTS. */
  ttsRequestAtMs: z.number().optional(),
  ttsFirstAudioAtMs: z.number().optional(),
  firstAudioSentAtMs: z.number().optional(),
  doneAtMs: z.number().optional(),
});
export type TurnMarks = z.infer<typeof turnMarks>;

/** Which provider served each stage of a turn. */
export const servedBy = z.strictObject({
  asr: z.string().optional(),
  llm: z.string().optional(),
  tts: z.string().optional(),
});
export type ServedBy = z.infer<typeof servedBy>;

export const turnDoneMessage = z.strictObject({
  type: z.literal('turn.done'),
  /** Turn-output sequence number (shared with reply audio frames), for resuming without gaps. */
  seq,
  turnId,
  status: turnStatus,
  /** The full reply text (empty when there was none). */
  reply: z.string(),
  /** Reply audio sent for the turn, in samples at the session's output rate. */
  audioSamples: z.number().int().min(0),
  timings: turnTimings,
  marks: turnMarks.optional(),
  servedBy: servedBy.optional(),
  traceId: traceId.optional(),
});

export const errorCode = z.enum([
  'bad-frame',
  'bad-message',
  'unsupported-protocol',
  'no-session',
  'unknown-turn',
  'asr-failed',
  'llm-failed',
  'tts-failed',
  'internal',
  /** No valid credentials: sign in again. */
  'unauthorized',
  /** Valid credentials, but not for this (e.g. another user's session, a foreign origin). */
  'forbidden',
  /** Too many requests, connections or messages: slow down; `retryAfterMs` says when. */
  'rate-limited',
  /** A configured limit was reached (concurrent sessions, session length, frame size…). */
  'limit-exceeded',
  /** The session's or the user's spending cap was reached. */
  'budget-exceeded',
  'not-found',
  /** The turn ran far longer than any turn should (a provider hung): the relay stopped it. */
  'turn-timeout',
]);
export type ErrorCode = z.infer<typeof errorCode>;

export const errorMessage = z.strictObject({
  type: z.literal('error'),
  code: errorCode,
  /** Human-readable: what happened and what to do. */
  message: z.string(),
  /** Whether sending the same thing again may succeed. */
  retryable: z.boolean(),
  /** For rate limits: when trying again may succeed (ms). */
  retryAfterMs: z.number().int().nonnegative().optional(),
  turnId: turnId.optional(),
});

/**
 * Cumulative acknowledgement: every microphone chunk up to `seq` is durably processed (its
 * utterance transcribed and stored, or cancelled); the client may forget them.
 */
export const ackMessage = z.strictObject({
  type: z.literal('ack'),
  seq: z.number().int().min(-1),
});

/** Money is counted in integer micro-dollars (1 USD = 1,000,000) so totals never drift. */
const micros = z.number().int().nonnegative();

/** Running cost after a turn (or a part of one) was metered. */
export const costMessage = z.strictObject({
  type: z.literal('cost'),
  turnId: turnId.optional(),
  turnMicros: micros,
  sessionMicros: micros,
  userDayMicros: micros,
});

/** The session or the user's day is close to its spending cap. */
export const budgetWarningMessage = z.strictObject({
  type: z.literal('budget.warning'),
  scope: z.enum(['session', 'user-day']),
  spentMicros: micros,
  limitMicros: micros,
  message: z.string(),
});

/**
 * The relay's provider chains changed (an admin saved new ones): what the `ready` message said
 * is out of date. New turns use these.
 */
export const providersChangedMessage = z.strictObject({
  type: z.literal('providers.changed'),
  providers: z.strictObject({ asr: providerInfo, llm: providerInfo, tts: providerInfo }),
});

/** The session will end soon (maximum length). */
export const sessionWarningMessage = z.strictObject({
  type: z.literal('session.warning'),
  reason: z.enum(['max-length', 'idle']),
  remainingMs: z.number().int().nonnegative(),
  message: z.string(),
});

export const serverMessage = z.discriminatedUnion('type', [
  readyMessage,
  pongMessage,
  transcriptPartialMessage,
  transcriptFinalMessage,
  replyDeltaMessage,
  replySegmentMessage,
  replyTruncatedMessage,
  turnDoneMessage,
  errorMessage,
  ackMessage,
  costMessage,
  budgetWarningMessage,
  sessionWarningMessage,
  providersChangedMessage,
]);
export type ServerMessage = z.infer<typeof serverMessage>;
export type ReadyMessage = z.infer<typeof readyMessage>;
export type ErrorMessage = z.infer<typeof errorMessage>;
export type ProviderInfo = z.infer<typeof providerInfo>;
