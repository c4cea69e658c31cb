import { z } from 'zod';
import { toolAnswerMessage } from './tool-calls.ts';
import { reminderRangMessage } from './tools.ts';
import { LANGUAGE_TAG_PATTERN, MAX_LANGUAGE_TAG_CHARS } from '../turn/language-tag.ts';
import { audioCodec, epochMs, id, seq, traceId, turnId } from './wire-fields.ts';

export * from './server-messages.ts';
export * from './turn-record.ts';
export * from './tool-calls.ts';
export { AUDIO_CODECS, audioCodec, newTraceId, traceId, type AudioCodec } from './wire-fields.ts';

/**
 * Version of the wire protocol. The client states it in `hello`; the relay refuses any other
 * with close code {@link CloseCode.UnsupportedProtocol}. Bump on any incompatible change.
 */
export const PROTOCOL_VERSION = 1;

/** Largest JSON control message either side accepts (bytes of UTF-8). */
export const MAX_JSON_MESSAGE_BYTES = 16 * 1024;

// ───────────────────────────── client → relay ─────────────────────────────

/**
 * The first message of every connection: the protocol version, the single-use ticket, and what
 * the client can do. The relay answers `ready`, or closes with the reason.
 */
export const helloMessage = z.strictObject({
  type: z.literal('hello'),
  /** The `PROTOCOL_VERSION` the client speaks. */
  protocol: z.number().int(),
  /**
   * Sample rate the client wants reply audio in. Omitted: the speech synthesiser's own rate
   * (`ready.outputSampleRateHz` says which), so the relay never resamples. A browser omits it
   * and lets its AudioContext resample: resampling on the relay, per client, was half of the
   * relay's CPU at 48 kHz.
   */
  outputSampleRateHz: z.number().int().min(8_000).max(96_000).optional(),
  /** The client program's name and version, for the relay's logs. */
  client: z.strictObject({ name: z.string().max(64), version: z.string().max(32) }).optional(),
  /**
   * The codecs this client can send microphone audio in (`up`) and play reply audio from
   * (`down`), most wanted first; `ready.codecs` says which the relay chose. Omitted: PCM16 both
   * ways (as before codecs were offered).
   */
  codecs: z
    .strictObject({
      up: z.array(audioCodec).min(1).max(4),
      down: z.array(audioCodec).min(1).max(4),
    })
    .optional(),
  /** IANA time zone of the user (e.g. "Europe/Paris"), for answers about time and date. */
  timeZone: z.string().max(64).optional(),
  /**
   * The page's language (BCP 47, e.g. "nl-BE"): on the user's first run (no preference saved)
   * it becomes their preference, as the app's first run does; the relay keeps its primary
   * subtag, when it offers that language. Ignored on a resume.
   */
  language: z.string().max(MAX_LANGUAGE_TAG_CHARS).regex(LANGUAGE_TAG_PATTERN).optional(),
  /** Single-use connection ticket from `POST /api/session` (never a long-lived token). */
  ticket: z.string().min(16).max(256),
  /** Resume an existing session instead of starting a new one. */
  resume: z
    .strictObject({
      sessionId: id,
      /** The session's `ready.resumeSecret`. */
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
export const utteranceStartMessage = z.strictObject({
  type: z.literal('utterance.start'),
  turnId,
  traceId: traceId.optional(),
  /** Sequence number of the first audio frame of this utterance (pre-speech padding included). */
  firstSeq: seq,
  /** Client time (epoch ms) at which the VAD detected speech. */
  speechStartAtMs: epochMs,
  /**
   * Said over the reply: whether it stops the reply is decided on its words, so they are sent
   * as the recogniser has them, not throttled.
   */
  overReply: z.literal(true).optional(),
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

/** The VAD misfired (too short to be speech), or it was no turn: drop the utterance. */
export const utteranceCancelMessage = z.strictObject({
  type: z.literal('utterance.cancel'),
  turnId,
  /**
   * `misfire`: the VAD took a noise for speech; `user`: the user took it back; `backchannel`:
   * said over the reply to show they follow ("mm-hmm", "I see"), not to take the turn.
   */
  reason: z.enum(['misfire', 'user', 'backchannel']),
});

/**
 * The user cut the reply short (barge-in): `playedSamples` of the turn's reply audio (at the
 * session's output rate) actually reached the speaker. The relay stops the turn and keeps only
 * what was heard.
 */
export const interruptMessage = z.strictObject({
  type: z.literal('interrupt'),
  turnId,
  /** Samples of the turn's reply audio that were played. */
  playedSamples: z.number().int().min(0).max(0xffffffff),
});

/**
 * The user paused mid-utterance (a short silence, e.g. 200 ms): the relay may start answering
 * speculatively from the audio up to `lastSeq`. Nothing is played before `utterance.end`.
 */
export const utterancePauseMessage = z.strictObject({
  type: z.literal('utterance.pause'),
  turnId,
  /** Sequence number of the last audio frame before the pause. */
  lastSeq: seq,
});

/** Speech resumed after an `utterance.pause`: any speculative answer is stale. */
export const utteranceResumeMessage = z.strictObject({
  type: z.literal('utterance.resume'),
  turnId,
});

/** Heartbeat and clock sample: the relay answers `pong` at once. */
export const pingMessage = z.strictObject({
  type: z.literal('ping'),
  /** The ping's number, echoed in `pong`. */
  id: seq,
  /** Client time (epoch ms) at which the ping was sent. */
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
  /** What the user typed (trimmed; 1 to `MAX_TYPED_CHARS` characters). */
  text: z.string().trim().min(1).max(MAX_TYPED_CHARS),
  /** False: the reply is wanted as text only (no speech is synthesised). Default true. */
  speak: z.boolean().optional(),
});

/**
 * Ask the question of turn `retryOf` again, as turn `turnId` (its answer failed, or a stand-in
 * gave it): the relay takes the words it heard or was typed for that turn — a spoken turn is not
 * recorded again — and answers them with its chain as it is now. The new turn replaces the old
 * one: the conversation (the language model's history, the stored record) keeps the question
 * once.
 */
export const turnRetryMessage = z.strictObject({
  type: z.literal('turn.retry'),
  turnId,
  /** The earlier turn whose question is asked again. */
  retryOf: turnId,
  /**
   * The question as the page shows it: asked when the relay has no words of that turn (it was
   * in an earlier conversation: the call that had it ended).
   */
  text: z.string().trim().min(1).max(MAX_TYPED_CHARS),
  traceId: traceId.optional(),
  /** False: the reply is wanted as text only (no speech is synthesised). Default true. */
  speak: z.boolean().optional(),
});

/**
 * The user started (`live`) or ended a call on this session: a call is checked on when it goes
 * silent (`CALL_SILENCE_S`), a typed conversation never. Microphone audio also says a call is
 * live, but a page sends audio only while the user speaks.
 */
export const callStateMessage = z.strictObject({
  type: z.literal('call.state'),
  live: z.boolean(),
});

/** The first sample of a turn's reply reached the speaker (for the turn's timeline). */
export const playbackStartedMessage = z.strictObject({
  type: z.literal('playback.started'),
  turnId,
  /** Client time (epoch ms) at which it was played. */
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
  turnRetryMessage,
  toolAnswerMessage,
  reminderRangMessage,
  callStateMessage,
]);
export type ClientMessage = z.infer<typeof clientMessage>;
export type HelloMessage = z.infer<typeof helloMessage>;

/**
 * WebSocket close codes the relay uses. 1000–1015 are standard; 4000–4999 are ours.
 */
export const CloseCode = {
  /** The user ended the conversation (sent by the client): the session ends, no resume. */
  Normal: 1000,
  /** The peer went away (a page unloaded): the session waits for a resume. */
  GoingAway: 1001,
  /** Refused at the handshake, or an error that ends the connection without its own code. */
  PolicyViolation: 1008,
  /** A WebSocket message larger than the relay takes (JSON or audio frame). */
  MessageTooBig: 1009,
  /** The relay hit an internal error on this connection: reconnect. */
  InternalError: 1011,
  /** The relay is restarting: reconnect and resume (another relay, or this one back). */
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
  /**
   * A reader that fell behind (the live log tail): what waited for it passed the bound, and the
   * relay dropped it rather than hold the lines or slow down.
   */
  TooSlow: 4011,
  /**
   * Sent by a page going away (a full page load within the site) that handed its session to the
   * tab's next page: the session waits for that page's resume, as after any close but 1000. A
   * page cannot send 1001 itself (the WebSocket API takes only 1000 and 3000–4999).
   */
  HandedOff: 4012,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
