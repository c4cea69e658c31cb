import { z } from 'zod';
import { reminderDueMessage } from './tools.ts';
import { BARGE_IN_RULES } from '../turn/barge-in-sound.ts';
import { EAGERNESS, PAUSE_READINGS } from '../turn/end-of-turn.ts';
import {
  languageDrift,
  llmFallback,
  servedBy,
  turnMarks,
  turnStatus,
  turnTimings,
} from './turn-record.ts';
import {
  toolCallMessage,
  toolClosedMessage,
  toolConfirmMessage,
  toolProgressMessage,
  toolResultMessage,
  turnToolCall,
} from './tool-calls.ts';
import { audioCodec, epochMs, id, seq, traceId, turnId } from './wire-fields.ts';

// ───────────────────────────── relay → client ─────────────────────────────

export const providerInfo = z.strictObject({
  id: z.string(),
  label: z.string(),
  /** Shown to the user next to replies, e.g. "Offline responder — configure an LLM…". */
  notice: z.string().optional(),
});

/**
 * The session is open (new, resumed or continued): its id and resume secret, what the relay
 * chose (rates, codecs, providers), and where the client resumes from.
 */
export const readyMessage = z.strictObject({
  type: z.literal('ready'),
  /** The `PROTOCOL_VERSION` the relay speaks. */
  protocol: z.number().int(),
  sessionId: id,
  /** Secret that, with `sessionId`, lets this client (and only it) resume the session. */
  resumeSecret: z.string(),
  /** `hello.resume` reattached an existing session (its turns and cost go on). */
  resumed: z.boolean(),
  /** Highest microphone seq the relay has durably processed (-1: none): replay what follows. */
  ackedSeq: z.number().int().min(-1),
  /** Sample rate of reply audio (Hz): `hello.outputSampleRateHz`, or the voice's own. */
  outputSampleRateHz: z.number().int(),
  /** Which provider serves each stage (what the page shows). */
  providers: z.strictObject({ asr: providerInfo, llm: providerInfo, tts: providerInfo }),
  serverTimeMs: epochMs,
  /** How soon this user's turns end at a pause (their preference, else the relay's default). */
  eagerness: z.enum(EAGERNESS),
  /**
   * How a sound over the reply is judged: by its words, or `any-sound` (the user's "stop at any
   * sound"); absent: `words`.
   */
  bargeIn: z.enum(BARGE_IN_RULES).optional(),
  /**
   * The conversation's language (BCP 47: the user's preference), whose words the client's
   * turn-taking reads pauses and sounds over the reply by (turn-languages.ts); absent: English.
   */
  language: z.string().max(35).optional(),
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

/** The answer to `ping`, for the round-trip time and the clocks' offset. */
export const pongMessage = z.strictObject({
  type: z.literal('pong'),
  /** The `ping`'s number. */
  id: seq,
  /** The `ping`'s `clientTimeMs`, echoed. */
  clientTimeMs: epochMs,
  /** Relay time (epoch ms) at which it answered. */
  serverTimeMs: epochMs,
});

/**
 * Another reading of the same audio the recogniser weighed, `gap` behind the chosen one's score
 * (lower is closer; below 0 where its n-best search rescored it higher).
 */
export const readingAlternative = z.strictObject({
  /** All the words of the utterance so far, as this reading has them. */
  text: z.string().max(2_000),
  /** The chosen reading's score less this one's, in the recogniser's units. */
  gap: z.number().int(),
});
export type ReadingAlternative = z.infer<typeof readingAlternative>;

/**
 * The words heard so far of the utterance in progress (they may still change). No turn output
 * (no `seq`, not kept for resumes): after a resume the latest of the utterance still in progress
 * is sent again, with the furthest `coversSeq` and the stop phrases `spotted` told so far.
 */
export const transcriptPartialMessage = z.strictObject({
  type: z.literal('transcript.partial'),
  turnId,
  text: z.string(),
  /**
   * Set on the words heard up to an `utterance.pause`: its `lastSeq`. The client's end-of-turn
   * policy may end the turn sooner on these (a partial while speaking may lag behind).
   */
  pauseSeq: seq.optional(),
  /**
   * The last microphone seq of the utterance whose audio these words account for: the
   * recogniser had read up to there when it said them (on a loaded relay, seconds behind the
   * audio). Sent where the recogniser says it (the embedded one, Deepgram); of a sound over the reply also
   * as it reads on, with the same words (none yet: `text` empty), so the client does not judge
   * the sound on words that have not reached its end. Unset: not known.
   */
  coversSeq: seq.optional(),
  /**
   * Of words at a pause, which reading of the audio up to it they are: the recogniser's running
   * `hypothesis` (sent at once, and again if it changes before the segment closes), or its
   * `closed` segment (scored as a whole sentence; sent when it says other words, or always
   * after `closedFollows`). Unset: the running hypothesis.
   */
  reading: z.enum(PAUSE_READINGS).optional(),
  /**
   * Set on a pause's running hypothesis when the recogniser is closing its words at the pause
   * (the embedded one cuts there, ~100 ms): the `closed` reading follows, sent even when it says
   * the same words. The client's end-of-turn policy holds the turn's end for it (bounded): the
   * hypothesis may still lack the last word, and the answer starts on the closed reading anyway.
   */
  closedFollows: z.literal(true).optional(),
  /**
   * Of a `closed` reading: other readings of the same audio (the next ones of the embedded
   * recogniser's n-best list where it closed the words). One close behind that still owes words ("it is twenty"
   * against "it is plenty") says the last word may be misheard: the end-of-turn policy waits.
   */
  alternatives: z.array(readingAlternative).max(8).optional(),
  /**
   * Of an utterance over the reply: the stop phrases ("pause", "hold on") a keyword spotter
   * beside the recogniser heard in it so far, sent (with the words so far) as each is first
   * spotted. Sooner than the words, and heard where they miss ("pause" read as "boris"): the
   * client's barge-in policy stops the reply on one. The embedded recogniser spots them.
   */
  spotted: z.array(z.string().min(1).max(40)).max(16).optional(),
});

/** What the user said in turn `turnId`, final; empty: nothing was heard (the turn is `empty`). */
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
 * `startSample` (or the turn's end). For a voice that takes text as it streams, a sentence heard
 * before its text was whole is announced once it is: after some of its frames, `startSample`
 * still where its audio began. Positions count samples of reply audio from the start of
 * the turn, at the session's output rate. The same `index` sent again means its voice broke off
 * mid-sentence: the sentence is said again from its start, from the new `startSample`, by
 * another voice (the cut audio before it stays played but counts for no words).
 */
export const replySegmentMessage = z.strictObject({
  type: z.literal('reply.segment'),
  /** Turn-output sequence number (shared with reply audio frames), for resuming without gaps. */
  seq,
  turnId,
  /** The sentence's position in the reply, from 0. */
  index: z.number().int().min(0),
  text: z.string(),
  /** Where its audio starts: reply samples from the start of the turn, at the output rate. */
  startSample: z.number().int().min(0),
});

/** After an interrupt: the reply as the user heard it (replaces the streamed text). */
export const replyTruncatedMessage = z.strictObject({
  type: z.literal('reply.truncated'),
  /** Turn-output sequence number. */
  seq,
  turnId,
  /** The words of the reply the user heard before they cut it short. */
  heard: z.string(),
});

/** Turn `turnId` is over: nothing more comes for it. How it ended, its reply, its timings. */
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
  /**
   * Set when a provider of the language model's chain could not answer and was passed over:
   * which, why, and who answered instead (the page says so; the answer alone would not).
   */
  llmFallback: llmFallback.optional(),
  /** The tools the turn called, in order, with their spans (relay clock): the waterfall's rows. */
  toolCalls: z.array(turnToolCall).optional(),
  traceId: traceId.optional(),
  /**
   * The reply drifted out of the conversation's language (a reply of at least a few words, read
   * once it was whole): the latency panel says so. Absent: it did not, or it was too short.
   */
  languageDrift: languageDrift.optional(),
});

export const errorCode = z.enum([
  /** A binary frame that does not parse (header, kind, protocol, size). */
  'bad-frame',
  /** A message (or an HTTP body) that is not JSON or does not match its schema. */
  'bad-message',
  /** The client speaks another protocol version: reload the page. */
  'unsupported-protocol',
  /**
   * No session for this: `hello` first; a session that cannot be resumed or continued; a
   * connection a newer one replaced.
   */
  'no-session',
  /** A message names a turn the relay does not expect (turn ids must increase). */
  'unknown-turn',
  /** Speech recognition failed for the turn, or is down: say it again, or type. */
  'asr-failed',
  /** The language model failed for the turn, or is down. */
  'llm-failed',
  /**
   * The conversation (with the system prompt and the user's notes) is too long for every
   * language model that was asked: trying again fails the same way; a new conversation works.
   */
  'conversation-too-long',
  /** Speech synthesis failed: the reply goes on as text. */
  'tts-failed',
  /** The relay hit an internal error (a bug, its storage): try again. */
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
  /** No such endpoint or record (another user's record is "not found" too). */
  'not-found',
  /** The turn ran far longer than any turn should (a provider hung): the relay stopped it. */
  'turn-timeout',
  /**
   * A tool the assistant called failed (its server unreachable, too slow, broken or skipped by
   * its circuit breaker): the model is told and says so in its words.
   */
  'tool-failed',
]);
export type ErrorCode = z.infer<typeof errorCode>;

/**
 * Something went wrong: with `turnId`, in that turn (it still ends with `turn.done`); without,
 * on the connection. A fatal error is followed by the close (see the close codes).
 */
export const errorMessage = z.strictObject({
  type: z.literal('error'),
  /** What went wrong (see the error codes). */
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
  /** The highest microphone seq handled (-1: none). */
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
  /** Which cap: this conversation's, or the user's for the day. */
  scope: z.enum(['session', 'user-day']),
  spentMicros: micros,
  limitMicros: micros,
  /** What to tell the user. */
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

/**
 * The session will end soon: its maximum length is near, or (`silence`) the call has been
 * silent for `CALL_SILENCE_S` and the assistant asks whether the user is still there.
 */
export const sessionWarningMessage = z.strictObject({
  type: z.literal('session.warning'),
  reason: z.enum(['max-length', 'idle', 'silence']),
  /** Time left before the relay closes the session (ms). */
  remainingMs: z.number().int().nonnegative(),
  /** What to tell the user. */
  message: z.string(),
});

/**
 * The relay ended the call (`silence`: nobody spoke for `CALL_SILENCE_S` after the check-in).
 * The client ends the call and releases the microphone; the relay then closes the connection
 * (1000) and the session ends.
 */
export const callEndedMessage = z.strictObject({
  type: z.literal('call.ended'),
  reason: z.enum(['silence']),
  /** What to tell the user: why, and how to start again. */
  message: z.string(),
});
export type CallEndedMessage = z.infer<typeof callEndedMessage>;

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
  callEndedMessage,
  providersChangedMessage,
  toolCallMessage,
  toolResultMessage,
  toolConfirmMessage,
  toolClosedMessage,
  toolProgressMessage,
  reminderDueMessage,
]);
export type ServerMessage = z.infer<typeof serverMessage>;
export type ReadyMessage = z.infer<typeof readyMessage>;
export type TranscriptPartialMessage = z.infer<typeof transcriptPartialMessage>;
export type ErrorMessage = z.infer<typeof errorMessage>;
export type ProviderInfo = z.infer<typeof providerInfo>;
