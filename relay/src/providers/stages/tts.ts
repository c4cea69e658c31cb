import type { ProviderInfo } from '@parley/shared';
import type { ProviderCapabilities } from './capabilities.ts';
import type { TurnFailures } from './common.ts';

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
  /** A capability beyond the stage's interface, by name: the embedded voices' pool of workers. */
  capability?<K extends keyof ProviderCapabilities>(name: K): ProviderCapabilities[K] | null;
  close(): Promise<void>;
}

/** The TTS stage as sessions call it: a failover chain of {@link TtsProvider}s. */
export interface TtsChain extends Omit<
  TtsProvider,
  'synthesize' | 'synthesizeWritten' | 'probe' | 'capability'
> {
  synthesize(request: TtsChainRequest): AsyncIterable<Int16Array>;
  /** Present when its primary takes text as it streams ({@link TtsProvider.synthesizeWritten}). */
  synthesizeWritten?(request: WrittenTtsChainRequest): AsyncIterable<Int16Array>;
}
