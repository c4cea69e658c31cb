import type {
  ProviderFailure,
  ProviderInfo,
  ReadingAlternative,
  RelayWarning,
} from '@parley/shared';
import type { HeardAudio } from '../audio/heard-audio.ts';
import type { ToolRunRecorder, ToolSpec } from '../tools/tool.ts';
import type { Toolbox } from '../tools/toolbox.ts';

/**
 * Providers that failed during one turn: a failover chain asks none of them again in that turn
 * (a provider that just timed out would most likely time out again). A `Set<string>` will do.
 */
export interface TurnFailures {
  has(providerId: string): boolean;
  add(providerId: string): unknown;
}

/**
 * What a provider that works in a local pool of workers (decoder processes, synthesis threads)
 * is doing now; providers that call a service have none.
 */
export interface WorkerPoolStats {
  /** Workers alive (started or starting). */
  workers: number;
  /** Workers serving a request now. */
  busy: number;
  /** Most workers the pool runs at once; null when it starts one per request. */
  maxWorkers: number | null;
  /** Requests waiting for a worker (sentences to speak; utterances waiting behind another). */
  queued: number;
  /** Audio waiting to reach a decoder (ms); null for pools that queue no audio. */
  queuedAudioMs: number | null;
}

/** Result of recognising one utterance. */
export interface AsrResult {
  /** Final transcript, trimmed; empty when nothing was recognised. */
  text: string;
  /** Duration of the audio the provider received (ms). */
  audioMs: number;
  /** Which provider recognised it, when a failover chain may have used another. */
  provider?: ProviderInfo;
  /**
   * Of a {@link AsrStream.snapshot}: every word so far is the provider's final reading of it (its
   * own end of speech closed them, and nothing is being spoken since), so the final transcript
   * says the same unless more speech comes. Unset: the text may still change.
   */
  settled?: boolean;
  /** Of a snapshot: other readings of its audio (the next of an n-best); none: not known. */
  alternatives?: readonly ReadingAlternative[];
}

/** One utterance being recognised while the user speaks. */
export interface AsrStream {
  /**
   * Feeds mono PCM16 at the rate given to {@link AsrProvider.start}, as it arrives. The samples
   * are the caller's and stay unchanged: a stream may keep them (by reference) but never writes
   * into them.
   */
  write(samples: Int16Array): void;
  /** No more audio: resolves with the final transcript. Rejects if the provider failed. */
  finish(): Promise<AsrResult>;
  /** Abandons the utterance and frees its resources; a pending `finish` rejects. Idempotent. */
  abort(): void;
  /**
   * The provider the utterance's audio goes to now (a failover chain may have moved on from its
   * primary); null when every provider failed. What an abandoned utterance is billed to.
   */
  serving?(): ProviderInfo | null;
  /**
   * The text of the audio so far without ending the utterance, when the provider can give it
   * cheaply (interim results): used to answer speculatively at a pause. It may lag behind.
   */
  snapshot?(): Promise<AsrResult>;
  /**
   * A capability beyond the stage's interface, asked for by name (see {@link AsrCapabilities}):
   * null when this recogniser has no such (the one serving now, for a failover chain).
   */
  capability?<K extends keyof AsrCapabilities>(name: K): AsrCapabilities[K] | null;
}

/**
 * What some recognisers can do beyond {@link AsrStream}, asked for by name
 * ({@link AsrStream.capability}), so that the stage's interface stays what every recogniser does.
 */
export interface AsrCapabilities {
  /** The embedded recogniser's cut at a pause. */
  cut: AsrCut;
  /** A recogniser on the relay's own workers: whether its reading waits for one. */
  queue: AsrQueue;
  /** A streaming recogniser whose results say which audio they cover. */
  coverage: AsrCoverage;
}

/**
 * A streaming recogniser whose results say which audio they transcribe (Deepgram's `start` and
 * `duration`). Its words trail the audio (a hosted recogniser's by a few hundred ms): at a pause,
 * the words so far may not reach where the speech stopped, and a word that owes more ("to",
 * "voor") may still be on its way. The reading of a pause is the one that reaches it.
 */
export interface AsrCoverage {
  /** How far into the utterance's audio its words so far reach (ms). */
  coveredMs(): number;
  /**
   * The words so far once they reach `ms` into the audio, or once the recogniser found an
   * endpoint (its words up to a silence are final), or `waitMs` after the call, or when the
   * utterance ends: whichever comes first. Never rejects.
   */
  reading(ms: number, waitMs: number): Promise<AsrResult>;
}

/**
 * A recogniser that reads on the relay's own workers, behind other users' reads (Moonshine):
 * while the utterance's reading waits for a worker, a deadline that passes is the relay's load,
 * not the recogniser's failure — its circuit breaker does not count it.
 */
export interface AsrQueue {
  /** Whether a reading of this utterance waits for a worker now. */
  waiting(): boolean;
}

/**
 * The embedded recogniser's cut: its {@link AsrStream.snapshot} closes the words where the audio
 * so far ends (its final pass now, ~100 ms, rather than after the silence its own voice activity
 * detector waits for), settled; speech after a cut mid-sentence has the utterance decoded again,
 * whole, on a second decoder (under the recognition limits: {@link AsrStartOptions.admitAnother},
 * reading {@link AsrStartOptions.heard}), so the cut costs no words.
 */
export interface AsrCut {
  /** A snapshot asked now cuts (its reading comes at once, settled: an answer waits for it). */
  ready(): boolean;
  /**
   * Another recogniser writes the words this one listens for: the snapshot's words are the
   * writer's, told first through AsrStartOptions.onWritten, and the listener's closed reading
   * of a pause (onPartial) is for the end of the turn, not for the words answered.
   */
  writes?: boolean;
}

export interface AsrStartOptions {
  /** Sample rate of the audio that will be written (Hz). */
  sampleRateHz: number;
  /** Aborting it has the same effect as {@link AsrStream.abort}. */
  signal: AbortSignal;
  /**
   * Interim hypotheses, when the provider produces them: every word so far. `closed`: the
   * provider has just finalised the words (its closed segment), with other readings of them
   * where it knows (see AsrResult), rather than revised its running hypothesis.
   */
  onPartial?: (text: string, closed: boolean, alternatives?: readonly ReadingAlternative[]) => void;
  /** A stop phrase ("pause") a keyword spotter beside the recogniser heard: sooner than words. */
  onSpotted?: (phrase: string) => void;
  /**
   * How far into the utterance's audio the words told so far (onPartial) reach (ms): the
   * recogniser had read that much when it said them, and tells it again as it reads on (its
   * words may run seconds behind the audio on a loaded relay). Only a recogniser that knows
   * calls it (the embedded one, Deepgram).
   */
  onCovered?: (ms: number) => void;
  /**
   * Where one recogniser listens and another writes (see AsrCut.writes): the writer's words of
   * the audio up to the latest cut, as soon as it has read them, which is often before the
   * listener's reading of the pause that the end of the turn waits for. They are the words the
   * turn answers if the user says no more.
   */
  onWritten?: (text: string) => void;
  /**
   * Who speaks (an opaque key: the user id). A recogniser that keeps state from one utterance to
   * the next (a decoder's noise and channel estimates) keeps it per speaker, so nothing one user
   * said affects another's recognition. Unset: one anonymous speaker.
   */
  speaker?: string;
  /**
   * The language the user speaks (BCP 47, e.g. `fr`), their preference: a provider that
   * recognises several is told; one that knows one language ignores it. Unset: its configured one.
   */
  language?: string;
  /**
   * The utterance's audio so far as its owner keeps it (the session's utterance), every sample
   * written included, at `sampleRateHz`: a recogniser that must read back what it was given — a
   * failover chain replaying it into its next provider, the embedded recogniser decoding it
   * again, whole — reads it here instead of keeping a copy. Unset: a failover chain keeps its own
   * (and passes that on); the embedded recogniser does not decode an utterance again.
   */
  heard?: HeardAudio;
  /**
   * A second recogniser's slot for this utterance under the recognition limits (the embedded
   * recogniser decodes an utterance again, whole, when speech goes on after a cut): its release,
   * called once that decoding is over, or null when the limits refuse it. Unset: granted.
   */
  admitAnother?: () => (() => void) | null;
}

/** Streaming speech recognition. */
export interface AsrProvider {
  readonly info: ProviderInfo;
  /**
   * The languages it recognises (BCP 47), when it knows only a few (the embedded recogniser:
   * `['en']`). Absent: many; it is told the user's in {@link AsrStartOptions.language}.
   */
  readonly languages?: readonly string[];
  /** Opens a recognition stream for one utterance. Must return quickly (warm resources ahead). */
  start(options: AsrStartOptions): AsrStream;
  /**
   * A cheap call that succeeds when the provider is reachable and accepts our credentials (e.g.
   * listing models), for the background health monitor. Absent: only real calls count.
   */
  probe?(signal: AbortSignal): Promise<void>;
  /** Its pool of local workers now, when it has one (the embedded recogniser). */
  poolStats?(): WorkerPoolStats;
  /**
   * What it serves without though it was asked for (Moonshine's model not loaded, another
   * recogniser writing in its place); null or absent: nothing.
   */
  warning?(): RelayWarning | null;
  /** Frees every resource (processes, sockets). */
  close(): Promise<void>;
}

/**
 * A tool the model asked to run (issue 48): the provider's id for the call (its result refers to
 * it), the tool's name, and its arguments as the model wrote them — JSON text, unparsed and
 * unchecked: the turn parses and checks them, and tells the model in words when they are wrong.
 */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * One message of a conversation. An assistant message may carry the tool calls the model made
 * (its `content` then is the text it wrote before them, often empty); a `tool` message is the
 * result of one of them, by its call id, as text the model reads (`isError`: the call failed, and
 * `content` says how in plain words).
 */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: readonly ToolCall[] }
  | { role: 'tool'; callId: string; name: string; content: string; isError?: boolean };

/**
 * What an LLM answers: text as it is generated, the tools it calls (each once its arguments are
 * complete), and usage when the provider reports it.
 */
export type LlmOutput =
  | { type: 'text'; text: string }
  | ({ type: 'tool-call' } & ToolCall)
  | { type: 'usage'; inputTokens: number; outputTokens: number };

/**
 * What an LLM adapter yields: its output; before it what it sends (`prompt`: the messages, its
 * system prompt included), from which input tokens are estimated when no usage comes (a reply
 * broken off before its usage chunk); and `progress` while it reads a tool call's arguments,
 * which are no output until complete but show the stream is alive (a failover chain's deadlines
 * count them). A failover chain tells its caller's `onPrompt` of the prompt and passes only the
 * output on.
 */
export type LlmEvent =
  LlmOutput | { type: 'prompt'; messages: readonly ChatMessage[] } | { type: 'progress' };

/**
 * How a user wants to be answered (their preferences), for one request: added to the provider's
 * system prompt, with its spoken-reply rules (see `systemPromptFor`).
 */
export interface ReplyStyle {
  /** Who the assistant is, how long its replies are and in which language (prompt text). */
  instructions: string;
  /** Most tokens a reply may have; the provider's configured maximum still caps it. */
  maxTokens: number;
}

/** What an LLM adapter is asked. */
export interface LlmRequest {
  messages: readonly ChatMessage[];
  /** The user's persona, reply length and language; absent: the provider's configured prompt. */
  style?: ReplyStyle;
  /** The user's IANA time zone, when known. */
  timeZone?: string;
  /**
   * The conversation's language (BCP 47, the user's preference, e.g. `nl`), for a provider that
   * answers in words of its own (the offline responder). Absent: English.
   */
  language?: string;
  /**
   * What the user asked the assistant to remember (their newest notes, as a paragraph), for the
   * system prompt: a model knows them in every conversation without a tool round. Absent: none.
   */
  memory?: string;
  /**
   * Tools the model may call (issue 48); absent or empty: none. An adapter whose provider has no
   * tool calls ignores them (and the model answers in words).
   */
  tools?: readonly ToolSpec[];
  /**
   * The turn's tools bound to its user, for a provider that runs tools itself (the offline
   * responder, which has no model to call them). Absent: the turn has none.
   */
  toolbox?: Toolbox;
  /** Records the tools a provider runs itself, as the turn records a model's calls. */
  toolRuns?: ToolRunRecorder;
  /** Aborting closes the upstream request; the iterable then ends or throws an AbortError. */
  signal: AbortSignal;
}

/**
 * What a failover chain of LLMs is asked: the request its providers get, and its caller's hooks
 * into the chain's failover and metering (no adapter sees them).
 */
export interface LlmChainRequest extends LlmRequest {
  /** Told which provider answered (a failover chain may use another than its primary). */
  onServed?: (provider: ProviderInfo) => void;
  /** Told of each provider a failover chain asks, in order, before its request goes out. */
  onAttempt?: (provider: ProviderInfo) => void;
  /**
   * Told of each provider a failover chain passed over (it failed, or was skipped as failing),
   * with its failure's kind and HTTP status.
   */
  onPassedOver?: (
    provider: ProviderInfo,
    failure: Pick<ProviderFailure, 'kind' | 'status'>,
  ) => void;
  /**
   * Told what the provider asked sends (its system prompt included), as it sends it: input
   * tokens are estimated from this when the provider reports no usage.
   */
  onPrompt?: (messages: readonly ChatMessage[]) => void;
  /** Providers that failed earlier in the turn, skipped by a failover chain (which adds to it). */
  failed?: TurnFailures;
}

/** Streaming chat completion. */
export interface LlmProvider {
  readonly info: ProviderInfo;
  stream(request: LlmRequest): AsyncIterable<LlmEvent>;
  /**
   * A cheap call that succeeds when the provider is reachable and accepts our credentials (e.g.
   * listing models), for the background health monitor. Absent: only real calls count.
   */
  probe?(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** The LLM stage as sessions call it: a failover chain of {@link LlmProvider}s. */
export interface LlmChain {
  readonly info: ProviderInfo;
  stream(request: LlmChainRequest): AsyncIterable<LlmOutput>;
  close(): Promise<void>;
}

/** What a voice adapter is asked: one sentence. */
export interface TtsRequest {
  /** One sentence (or short paragraph) of plain text. */
  text: string;
  /**
   * A voice of this provider's (one of {@link TtsProvider.voices}), the user's choice; a voice
   * it does not know, or none, gives its configured voice.
   */
  voice?: string;
  /** 1 is the voice's normal pace, 2 twice as fast; ignored unless `supportsSpeakingRate`. */
  speakingRate?: number;
  /**
   * The language of the text (BCP 47, the conversation's: the user's preference): a voice of
   * several languages says it in that one's voice; a failover chain asks only voices that speak
   * it ({@link TtsProvider.languages}). Unset: not known, any voice will do.
   */
  language?: string;
  signal: AbortSignal;
}

/**
 * What a failover chain of voices is asked: the request its providers get, and its caller's
 * hooks into the chain (no adapter sees them).
 */
export interface TtsChainRequest extends TtsRequest {
  /**
   * Told which provider synthesises the sentence, before its first audio block: a failover chain
   * may use one whose rate differs from its own `sampleRateHz`; the blocks are at this rate.
   */
  onServed?: (provider: ProviderInfo, sampleRateHz: number) => void;
  /** Told of each provider a failover chain asks, in order, before its request goes out. */
  onAttempt?: (provider: ProviderInfo) => void;
  /**
   * Providers that failed earlier in the turn (a voice that broke off mid-sentence too), skipped
   * by a failover chain, which adds to it (and fails as having no provider when none is left):
   * one memory per turn, so that a voice that hung on one sentence is not asked for the next.
   */
  failed?: TurnFailures;
}

/**
 * Text still being written — a segment of a reply as the language model streams it — for a voice
 * that takes text as it comes ({@link TtsProvider.synthesizeWritten}).
 */
export interface WrittenText {
  /**
   * Its words from the start, then as they are written: each piece whole words ending in one
   * space; ends when the text is whole, throws if its writing broke off or `signal` aborted.
   * Every call starts again from the beginning (a voice taking over says it from its start).
   */
  pieces(signal: AbortSignal): AsyncIterable<string>;
  /** Its words given out so far (spaces collapsed, trimmed): what a voice may have been sent. */
  readonly soFar: string;
  /** Its whole text once written (spaces collapsed, trimmed); null until then. */
  readonly whole: string | null;
  /** Resolves with {@link whole} once written; rejects as {@link pieces} throws. */
  written(signal: AbortSignal): Promise<string>;
}

/** A synthesis of text still being written: a {@link TtsRequest} whose text comes in pieces. */
export type WrittenTtsRequest = Omit<TtsRequest, 'text'> & { text: WrittenText };

/** What a failover chain of voices is asked for text still being written, with its hooks. */
export type WrittenTtsChainRequest = Omit<TtsChainRequest, 'text'> & { text: WrittenText };

/** A voice a user may choose. */
export interface VoiceOption {
  /** What {@link TtsRequest.voice} takes. */
  id: string;
  /** What the user reads, e.g. "Alloy" or "Rachel (American, calm)". */
  label: string;
  /** The languages it speaks (primary subtags, e.g. `nl`); absent: not known, or many. */
  languages?: readonly string[];
}

/** Streaming speech synthesis. */
export interface TtsProvider {
  readonly info: ProviderInfo;
  /** Rate of the PCM16 mono audio `synthesize` yields (Hz). */
  readonly sampleRateHz: number;
  /** Whether {@link TtsRequest.speakingRate} changes the pace. */
  readonly supportsSpeakingRate?: boolean;
  /**
   * The languages it speaks (primary subtags, e.g. `['en']` for Flite): a text in another
   * language is never given to it. Absent: many (a hosted multilingual voice, told the language
   * in {@link TtsRequest.language}).
   */
  readonly languages?: readonly string[];
  /**
   * The voices a user may choose (may ask the provider's API); with `language` (BCP 47), a chain
   * offers those of its first voice that speaks it. Absent: only the configured one.
   */
  voices?(signal: AbortSignal, language?: string): Promise<readonly VoiceOption[]>;
  /** Yields audio as it is produced (one or more blocks). Aborting stops synthesis. */
  synthesize(request: TtsRequest): AsyncIterable<Int16Array>;
  /**
   * Synthesises text while it is still being written, sending it to the voice as it comes (a
   * streaming input such as ElevenLabs' WebSocket): its audio may start before the text is
   * whole. Absent: the voice takes whole text only, and is asked once the text is written.
   */
  synthesizeWritten?(request: WrittenTtsRequest): AsyncIterable<Int16Array>;
  /**
   * A cheap call that succeeds when the provider is reachable and accepts our credentials (e.g.
   * listing models), for the background health monitor. Absent: only real calls count.
   */
  probe?(signal: AbortSignal): Promise<void>;
  /** Its pool of local workers now, when it has one (the embedded voice). */
  poolStats?(): WorkerPoolStats;
  close(): Promise<void>;
}

/** The TTS stage as sessions call it: a failover chain of {@link TtsProvider}s. */
export interface TtsChain extends Omit<
  TtsProvider,
  'synthesize' | 'synthesizeWritten' | 'probe' | 'poolStats'
> {
  synthesize(request: TtsChainRequest): AsyncIterable<Int16Array>;
  /** Present when its primary takes text as it streams ({@link TtsProvider.synthesizeWritten}). */
  synthesizeWritten?(request: WrittenTtsChainRequest): AsyncIterable<Int16Array>;
}

/** The provider set a relay runs with: each stage's failover chain. */
export interface Providers {
  asr: AsrProvider;
  llm: LlmChain;
  tts: TtsChain;
  /**
   * Opens connections to the hosted providers a turn would call, ahead of the turn and without
   * a request (see `ProviderConnections.warm`); never waits nor throws. Absent: none to open.
   */
  warm?(): void;
}
