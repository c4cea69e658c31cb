import { z } from 'zod';
import { EAGERNESS } from '../turn/end-of-turn.ts';

/**
 * Version of the wire protocol. The client states it in `hello`; the relay refuses any other
 * with close code {@link CloseCode.UnsupportedProtocol}. Bump on any incompatible change.
 */
export const PROTOCOL_VERSION = 1;

/** Largest JSON control message either side accepts (bytes of UTF-8). */
export const MAX_JSON_MESSAGE_BYTES = 16 * 1024;

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
const seq = z.number().int().min(0).max(0xffffffff);
const turnId = z.number().int().min(0).max(0xffffffff);
/** Epoch milliseconds (may be fractional). */
const epochMs = z.number().nonnegative();

// ───────────────────────────── client → relay ─────────────────────────────

export const helloMessage = z.strictObject({
  type: z.literal('hello'),
  protocol: z.number().int(),
  /**
   * Sample rate the client wants reply audio in. Omitted: the speech synthesiser's own rate
   * (`ready.outputSampleRateHz` says which), so the relay never resamples. A browser omits it
   * and lets its AudioContext resample: resampling on the relay, per client, was half of the
   * relay's CPU at 48 kHz.
   */
  outputSampleRateHz: z.number().int().min(8_000).max(96_000).optional(),
  client: z.strictObject({ name: z.string().max(64), version: z.string().max(32) }).optional(),
  /** IANA time zone of the user (e.g. "Europe/Paris"), for answers about time and date. */
  timeZone: z.string().max(64).optional(),
  /** Single-use connection ticket from `POST /api/session` (never a long-lived token). */
  ticket: z.string().min(16).max(256),
  /** Resume an existing session instead of starting a new one. */
  resume: z
    .strictObject({
      sessionId: id,
      secret: z.string().min(16).max(128),
      /** Highest turn-output `seq` the client has processed (-1: none); the relay resends the rest. */
      lastSeq: z.number().int().min(-1).max(0xffffffff),
    })
    .optional(),
  /**
   * Continue one of the user's past conversations (instead of starting a new one): the relay
   * opens it again with its stored turns as the language model's history. The client numbers
   * its turns above the conversation's last stored turn. Not with `resume`.
   */
  continue: z.strictObject({ sessionId: id }).optional(),
});

/** The user started speaking: audio frames for `turnId` follow. */
/** The client's id for one turn, carried into the relay's logs and back in `turn.done`. */
export const traceId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const utteranceStartMessage = z.strictObject({
  type: z.literal('utterance.start'),
  turnId,
  traceId: traceId.optional(),
  /** Sequence number of the first audio frame of this utterance (pre-speech padding included). */
  firstSeq: seq,
  /** Client time (epoch ms) at which the VAD detected speech. */
  speechStartAtMs: epochMs,
});

/** The user stopped speaking (VAD end of speech): no more audio for `turnId`. */
export const utteranceEndMessage = z.strictObject({
  type: z.literal('utterance.end'),
  turnId,
  /** Sequence number of the last audio frame of this utterance. */
  lastSeq: seq,
  /** Client time (epoch ms) of the last speech sample, before the endpointing silence. */
  speechEndAtMs: epochMs,
  /** Client time (epoch ms) at which this message was sent. */
  sentAtMs: epochMs,
});

/** The VAD misfired (too short to be speech): drop the utterance. */
export const utteranceCancelMessage = z.strictObject({
  type: z.literal('utterance.cancel'),
  turnId,
  reason: z.enum(['misfire', 'user']),
});

/**
 * The user cut the reply short (barge-in): `playedSamples` of the turn's reply audio (at the
 * session's output rate) actually reached the speaker. The relay stops the turn and keeps only
 * what was heard.
 */
export const interruptMessage = z.strictObject({
  type: z.literal('interrupt'),
  turnId,
  playedSamples: z.number().int().min(0).max(0xffffffff),
});

/**
 * The user paused mid-utterance (a short silence, e.g. 200 ms): the relay may start answering
 * speculatively from the audio up to `lastSeq`. Nothing is played before `utterance.end`.
 */
export const utterancePauseMessage = z.strictObject({
  type: z.literal('utterance.pause'),
  turnId,
  lastSeq: seq,
});

/** Speech resumed after an `utterance.pause`: any speculative answer is stale. */
export const utteranceResumeMessage = z.strictObject({
  type: z.literal('utterance.resume'),
  turnId,
});

export const pingMessage = z.strictObject({
  type: z.literal('ping'),
  id: seq,
  clientTimeMs: epochMs,
  /**
   * The last turn-output seq the client has handled (what it would resume from): the relay
   * stops keeping everything up to it for a resume.
   */
  receivedSeq: z.number().int().min(-1).max(0xffffffff).optional(),
});

/** Longest typed message (characters). */
export const MAX_TYPED_CHARS = 2_000;

/**
 * The user typed instead of speaking (e.g. speech recognition is down): a turn with this text
 * as its transcript.
 */
export const userTextMessage = z.strictObject({
  type: z.literal('user.text'),
  turnId,
  traceId: traceId.optional(),
  text: z.string().trim().min(1).max(MAX_TYPED_CHARS),
  /** False: the reply is wanted as text only (no speech is synthesised). Default true. */
  speak: z.boolean().optional(),
});

/** The first sample of a turn's reply reached the speaker (for the turn's timeline). */
export const playbackStartedMessage = z.strictObject({
  type: z.literal('playback.started'),
  turnId,
  playedAtMs: epochMs,
});

export const clientMessage = z.discriminatedUnion('type', [
  helloMessage,
  utteranceStartMessage,
  utteranceEndMessage,
  utteranceCancelMessage,
  utterancePauseMessage,
  utteranceResumeMessage,
  interruptMessage,
  pingMessage,
  playbackStartedMessage,
  userTextMessage,
]);
export type ClientMessage = z.infer<typeof clientMessage>;
export type HelloMessage = z.infer<typeof helloMessage>;

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

/**
 * WebSocket close codes the relay uses. 1000–1015 are standard; 4000–4999 are ours.
 */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  PolicyViolation: 1008,
  MessageTooBig: 1009,
  InternalError: 1011,
  ServiceRestart: 1012,
  /** `hello` names a protocol version the relay does not speak. */
  UnsupportedProtocol: 4000,
  /** No valid `hello` within the handshake timeout. */
  HandshakeTimeout: 4001,
  /** Too many invalid frames or messages on one connection. */
  TooManyErrors: 4002,
  /** Session to resume is unknown, expired or not the caller's. */
  SessionNotFound: 4004,
  /** Missing, invalid, expired or reused connection ticket. */
  Unauthorized: 4401,
  /** Not allowed: foreign origin, or another user's session. */
  Forbidden: 4403,
  /** A limit was reached (concurrent sessions, session length, idle time). */
  LimitExceeded: 4408,
  /** Too many connections or messages. */
  RateLimited: 4429,
  /** The spending cap was reached. */
  BudgetExceeded: 4402,
  /** Another connection of the same client resumed this session. */
  Replaced: 4409,
  /**
   * Sent by a client that gave up on a connection (no answer in time: a stalled or dead path)
   * and goes on on a new one. Its session waits for the resume, as after any close but 1000;
   * the code only says why in the relay's logs.
   */
  Abandoned: 4010,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
