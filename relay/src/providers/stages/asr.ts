import type { ProviderInfo, ReadingAlternative } from '@parley/shared';
import type { HeardAudio } from '../../audio/heard-audio.ts';
import type { ProviderCapabilities } from './capabilities.ts';

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
  /**
   * A capability beyond the stage's interface, asked for by name (see ProviderCapabilities):
   * the embedded recognisers' pool of workers, Moonshine's warning while its model cannot be
   * loaded. Absent, or null: it has no such.
   */
  capability?<K extends keyof ProviderCapabilities>(name: K): ProviderCapabilities[K] | null;
  /** Frees every resource (processes, sockets). */
  close(): Promise<void>;
}
