import { z } from 'zod';
import { providerFailureKind } from './status.ts';

// What a finished turn says of itself (`turn.done`): how it ended, its timings and marks, and
// who served it.

/**
 * How a turn ended: answered; `empty` (nothing was heard); `failed` (an `error` said which stage);
 * `cancelled` (stopped before its end: a newer question, a misfire, the session closing).
 */
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
  /**
   * First segment handed to TTS (a clause or a sentence; to a voice that takes text as it streams,
   * at its first words) → its first audio.
   */
  ttsFirstAudioMs: z.number().optional(),
  /**
   * The whole synthesis of the reply: first segment handed to TTS → the reply's last audio frame
   * sent (every sentence, every voice that said one).
   */
  ttsTotalMs: z.number().optional(),
  /** utterance.end received → first reply audio frame sent. */
  relayFirstAudioMs: z.number().optional(),
  /** Client's speech end → utterance.end received, across clocks (approximate). */
  uplinkMs: z.number().optional(),
  /**
   * Client's speech end → the answer's LLM request (negative: asked for at a pause, before the
   * user had finished): the client's wait for the end of its turn, then utterance.end received →
   * the request; the uplink not counted.
   */
  llmRequestAfterSpeechMs: z.number().optional(),
  /** Time the turn's tools ran (ms): the first call's start → the last call's end, per round, summed. */
  toolMs: z.number().optional(),
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
  /** The first segment handed to TTS (see `ttsFirstAudioMs`). */
  ttsRequestAtMs: z.number().optional(),
  ttsFirstAudioAtMs: z.number().optional(),
  firstAudioSentAtMs: z.number().optional(),
  doneAtMs: z.number().optional(),
});
export type TurnMarks = z.infer<typeof turnMarks>;

/**
 * The reply was in another language than the conversation's (issue 62): noted for the debug
 * panel, never corrected or asked again. Languages as primary subtags (ISO 639-1, e.g. `nl`).
 */
export const languageDrift = z.strictObject({
  /** The conversation's language (the user's preference). */
  expected: z.string().min(1).max(16),
  /** The reply's, as the relay's check read it. */
  detected: z.string().min(1).max(16),
});
export type LanguageDrift = z.infer<typeof languageDrift>;

/** Which provider served each stage of a turn. */
export const servedBy = z.strictObject({
  asr: z.string().optional(),
  llm: z.string().optional(),
  tts: z.string().optional(),
});
export type ServedBy = z.infer<typeof servedBy>;

/**
 * A provider of the language model's chain that could not answer the turn, passed over for the
 * next: why, as its failure's kind and HTTP status (what the provider said stays with operators).
 */
export const passedOverProvider = z.strictObject({
  id: z.string(),
  /** What the user reads, e.g. "llama3.2 (ollama)". */
  label: z.string(),
  kind: providerFailureKind,
  /** The HTTP status it answered with; null: none (nothing answered, a timeout). */
  status: z.number().int().nullable(),
});
export type PassedOverProvider = z.infer<typeof passedOverProvider>;

/**
 * The turn's answer did not come from the language model's first provider: which ones could not
 * answer (in the order tried), and which answered instead (null: none could). The page tells the
 * user, who would otherwise read the offline responder's "connect a model" with a model
 * connected.
 */
export const llmFallback = z.strictObject({
  /** The providers that could not answer, in the order the chain tried them. */
  passedOver: z.array(passedOverProvider).min(1),
  /** The provider that answered instead (the offline responder, say); null: none could. */
  answeredBy: z
    .strictObject({
      id: z.string(),
      label: z.string(),
      /**
       * It is no model but a stand-in (the offline responder): its answer is no real one, and
       * the page offers to ask the question again (`turn.retry`).
       */
      standIn: z.literal(true).optional(),
    })
    .nullable(),
});
export type LlmFallback = z.infer<typeof llmFallback>;
