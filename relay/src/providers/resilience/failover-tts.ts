import type { ProviderInfo } from '@parley/shared';
import type { Logger } from '../../log/logger.ts';
import type {
  TtsChain,
  TtsChainRequest,
  TtsProvider,
  TtsRequest,
  VoiceOption,
  WrittenTtsChainRequest,
} from '../types.ts';
import { synthesizeWritten } from '../written-text.ts';
import type { AttemptLimits } from './attempt.ts';
import { failoverStream } from './failover-stream.ts';
import type { ProviderSlot } from './provider-slot.ts';

/**
 * A TTS made of a failover chain, per sentence (see {@link failoverStream}): a provider that
 * fails or times out before its first audio is skipped for the next one; once audio went out a
 * failure is thrown (the turn hands the sentence to the next voice). Blocks come at the rate
 * announced through `onServed`, which may differ from the primary's `sampleRateHz`. With the
 * turn's `request.failed`, a voice that failed (or broke off) is not asked again in that turn.
 */
export class FailoverTts implements TtsChain {
  readonly info: ProviderInfo;
  readonly sampleRateHz: number;
  /** The primary's: the user's pace goes to every voice of the chain that can change it. */
  readonly supportsSpeakingRate: boolean;
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
    if (primary.provider.synthesizeWritten)
      this.synthesizeWritten = (request) =>
        this.chain(request, (provider, told) =>
          synthesizeWritten(provider, { ...told, text: request.text }),
        );
  }

  /** The primary's voices: what the user chooses from, and what only the primary is told. */
  voices(signal: AbortSignal): Promise<readonly VoiceOption[]> {
    return this.slots[0]?.provider.voices?.(signal) ?? Promise.resolve([]);
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
    return failoverStream<TtsProvider, Int16Array>({
      stage: 'tts',
      slots: this.slots,
      limits: this.limits,
      signal: request.signal,
      log: this.log,
      open: (provider, signal) =>
        open(provider, {
          signal,
          // The user chose among the primary's voices: a fallback speaks in its own.
          ...(request.voice !== undefined && provider === this.slots[0]?.provider
            ? { voice: request.voice }
            : {}),
          ...(request.speakingRate === undefined ? {} : { speakingRate: request.speakingRate }),
        }),
      isOutput: (pcm) => pcm.length > 0,
      onServed: (provider) => request.onServed?.(provider.info, provider.sampleRateHz),
      onAttempt: (provider) => request.onAttempt?.(provider.info),
      ...(request.failed ? { failed: request.failed } : {}),
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.slots.map((s) => s.provider.close()));
  }
}

/** What one voice of a chain is told of a request, besides its text. */
type Told = Pick<TtsRequest, 'signal' | 'voice' | 'speakingRate'>;
