import type { ProviderInfo } from '@parley/shared';
import type { Logger } from '../../log/logger.ts';
import type {
  TtsChain,
  TtsChainRequest,
  TtsProvider,
  TtsRequest,
  VoiceOption,
  WrittenTtsChainRequest,
} from '../stages/tts.ts';
import { speaks, voicesOf } from '../voice-language.ts';
import { synthesizeWritten } from '../written-text.ts';
import type { AttemptLimits } from './attempt.ts';
import { failoverStream } from './failover-stream.ts';
import { NoProviderError } from './no-provider-error.ts';
import type { ProviderSlot } from './provider-slot.ts';

/**
 * A TTS made of a failover chain, per sentence (see {@link failoverStream}): a provider that
 * fails or times out before its first audio is skipped for the next one; once audio went out a
 * failure is thrown (the turn hands the sentence to the next voice). Blocks come at the rate
 * announced through `onServed`, which may differ from the primary's `sampleRateHz`. With the
 * turn's `request.failed`, a voice that failed (or broke off) is not asked again in that turn.
 * A request in a language (`request.language`) goes only to the voices that speak it: the first
 * of them is the one the user chose a voice of; a text no voice speaks is said by none (a Dutch
 * reply is never read by an English voice).
 */
export class FailoverTts implements TtsChain {
  readonly info: ProviderInfo;
  readonly sampleRateHz: number;
  /** The primary's: the user's pace goes to every voice of the chain that can change it. */
  readonly supportsSpeakingRate: boolean;
  /** The languages its voices speak, when every one names its own; absent: many. */
  readonly languages?: readonly string[];
  /**
   * Present when the primary takes text as it streams: a text still being written goes to each
   * voice that takes it so, and to the others once it is whole.
   */
  readonly synthesizeWritten?: (request: WrittenTtsChainRequest) => AsyncIterable<Int16Array>;

  constructor(
    private readonly slots: readonly ProviderSlot<TtsProvider>[],
    private readonly limits: AttemptLimits,
    private readonly log: Logger,
  ) {
    const primary = slots[0];
    if (!primary) throw new Error('FailoverTts needs at least one provider');
    this.info = primary.provider.info;
    this.sampleRateHz = primary.provider.sampleRateHz;
    this.supportsSpeakingRate = primary.provider.supportsSpeakingRate === true;
    const lists = slots.map((s) => s.provider.languages);
    if (lists.every((l) => l !== undefined)) this.languages = [...new Set(lists.flat())];
    if (primary.provider.synthesizeWritten)
      this.synthesizeWritten = (request) =>
        this.chain(request, (provider, told) =>
          synthesizeWritten(provider, { ...told, text: request.text }),
        );
  }

  /**
   * The voices the user chooses from, and which only that voice is told: those of the first voice
   * of the chain that speaks `language` (BCP 47; absent: the primary's), of that language.
   */
  async voices(signal: AbortSignal, language?: string): Promise<readonly VoiceOption[]> {
    const chosen = this.speakersOf(language)[0]?.provider;
    return voicesOf((await chosen?.voices?.(signal)) ?? [], language);
  }

  synthesize(request: TtsChainRequest): AsyncGenerator<Int16Array, void, undefined> {
    return this.chain(request, (provider, told) =>
      provider.synthesize({ ...told, text: request.text }),
    );
  }

  /** One synthesis by the chain: `open` asks one voice, with what of `request` it is told. */
  private chain(
    request: Omit<TtsChainRequest, 'text'>,
    open: (provider: TtsProvider, told: Told) => AsyncIterable<Int16Array>,
  ): AsyncGenerator<Int16Array, void, undefined> {
    const { language } = request;
    const slots = this.speakersOf(language);
    // The user chose among the voices of the first that speaks the language (see `voices`).
    const choosing = slots[0]?.provider;
    if (!choosing) return noVoiceOf(language ?? '', this.slots);
    return failoverStream<TtsProvider, Int16Array>({
      stage: 'tts',
      slots,
      limits: this.limits,
      signal: request.signal,
      log: this.log,
      open: (provider, signal) =>
        open(provider, {
          signal,
          // A fallback speaks in its own voice.
          ...(request.voice !== undefined && provider === choosing ? { voice: request.voice } : {}),
          ...(request.speakingRate === undefined ? {} : { speakingRate: request.speakingRate }),
          ...(language === undefined ? {} : { language }),
        }),
      isOutput: (pcm) => pcm.length > 0,
      onServed: (provider) => request.onServed?.(provider.info, provider.sampleRateHz),
      onAttempt: (provider) => request.onAttempt?.(provider.info),
      ...(request.failed ? { failed: request.failed } : {}),
    });
  }

  /** The slots whose voice speaks `language`, in the chain's order (all, for no language). */
  private speakersOf(language: string | undefined): readonly ProviderSlot<TtsProvider>[] {
    return this.slots.filter((s) => speaks(s.provider, language));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.slots.map((s) => s.provider.close()));
  }
}

/** A request in a language no voice of the chain speaks: said by none. */
// eslint-disable-next-line require-yield, @typescript-eslint/require-await -- fails at once, as a chain of none
async function* noVoiceOf(
  language: string,
  slots: readonly ProviderSlot<TtsProvider>[],
): AsyncGenerator<Int16Array, void, undefined> {
  throw new NoProviderError(
    'tts',
    slots.map((s) => ({ providerId: s.id, error: `does not speak "${language}"` })),
  );
}

/** What one voice of a chain is told of a request, besides its text. */
type Told = Pick<TtsRequest, 'signal' | 'voice' | 'speakingRate' | 'language'>;
