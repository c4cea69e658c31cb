import { audioFrameSamples } from '@parley/shared';
import { ChainCall, type CallOutcome } from '../metering/call-billing.ts';
import type { TtsUsage } from '../metering/usage.ts';
import { iterateWithin } from '../observability/tracing/trace-context.ts';
import type { StageSpan } from '../observability/tracing/turn-trace.ts';
import type { TurnOptions } from './turn-options.ts';
import { ReplyFramer } from './reply-framer.ts';

/** How a call's audio becomes reply frames: the client's rate, in whole packets of samples. */
export interface CallFraming {
  outputRateHz: number;
  /** Samples of the unit a frame holds whole (an Opus packet; 1 for PCM16). */
  packetSamples: number;
}

/**
 * One TTS call for one sentence: who the chain asked and who served it, its audio framed at the
 * rate it came in, whether the user heard any of it, and who it is billed to. A voice that fails
 * makes another call of the same sentence, with its own record.
 */
export class SynthesisCall {
  /** Some of its audio went out to the user. */
  heard = false;
  /** How it ended, for billing: `failed` until it is known to have done otherwise. */
  outcome: CallOutcome = 'failed';
  /** Who it is billed to: the voice that served it, else the one asked when cancelled. */
  private readonly chain: ChainCall;
  /** The voice that said it, as the chain told before its first audio. */
  private speaker: string | null = null;
  /** Made at the rate of the first audio (the serving voice's, which a chain announces). */
  private framer: ReplyFramer | null = null;
  /** Some audio came (its span has its `first audio` event). */
  private audioCame = false;

  /**
   * @param seq The call's usage seq in its turn.
   * @param usage What it is metered as, whoever serves it.
   * @param startedAt When it was asked for (the turn's clock).
   * @param voice The provider called (a chain: its primary, the rate of a voice that says none).
   * @param span Its span in the turn's trace, from its request to its last audio (see
   *   {@link synthesisSpan}); absent: tracing is off.
   */
  constructor(
    readonly seq: number,
    readonly usage: TtsUsage,
    readonly startedAt: number,
    private readonly voice: { readonly id: string; readonly sampleRateHz: number },
    private readonly framing: CallFraming,
    private readonly span?: StageSpan,
  ) {
    this.chain = new ChainCall(voice.id);
  }

  /** The chain asks `providerId` (before its request goes out). */
  attempt(providerId: string): void {
    this.chain.attempt(providerId);
  }

  /** `providerId` says the sentence, its audio at `rateHz`. */
  served(providerId: string, rateHz: number): void {
    this.chain.serve(providerId);
    this.speaker = providerId;
    this.span?.set({ 'parley.provider': providerId });
    this.framerAt(rateHz);
  }

  /** Its audio as the voice sends it, whose requests carry the call's span (tracing on). */
  traced(audio: AsyncIterable<Int16Array>): AsyncIterable<Int16Array> {
    return iterateWithin(this.span?.traceparent, audio);
  }

  /** Reply frames of a block of its audio (none until a frame is full). */
  frames(pcm: Int16Array): Int16Array[] {
    if (!this.audioCame) {
      this.audioCame = true;
      this.span?.event('first audio');
    }
    return this.framerAt(this.voice.sampleRateHz).push(pcm);
  }

  /** What is left to frame when its audio ended (or broke off): none if no audio came. */
  end(): Int16Array[] {
    return this.framer?.end() ?? [];
  }

  /** The call is over, however it ended (its last audio sent, or none): its span ends. */
  settled(): void {
    const failure = this.audioCame ? 'broke off' : 'no audio';
    this.span?.end(undefined, this.outcome === 'failed' ? failure : undefined);
  }

  /** The voice that was saying the sentence; null when none started (every one failed before). */
  get speakerId(): string | null {
    return this.speaker ?? (this.heard ? this.voice.id : null);
  }

  /** Who is billed for the call as it ended; null: nobody (it failed before any audio). */
  billedTo(): string | null {
    return this.chain.billedTo(this.outcome);
  }

  private framerAt(rateHz: number): ReplyFramer {
    this.framer ??= new ReplyFramer({
      inputRateHz: rateHz,
      outputRateHz: this.framing.outputRateHz,
      packetSamples: this.framing.packetSamples,
      // Each frame is encoded where it is framed (see TurnOutput.audio): one buffer per frame.
      allocate: audioFrameSamples,
    });
    return this.framer;
  }
}

/**
 * The span of a TTS call of sentence `index` in turn `turn`'s trace (none: tracing is off), from
 * the call's request (`startedAt`) to its last audio, with a `first audio` event.
 */
export function synthesisSpan(
  turn: Pick<TurnOptions, 'trace' | 'speculative'>,
  index: number,
  startedAt: number,
  providerId: string,
): StageSpan | undefined {
  return turn.trace?.turn.stage(
    `tts sentence ${index}`,
    {
      'parley.sentence': index,
      // The voice asked (a chain: its primary), until the one that serves it says so.
      'parley.provider': providerId,
      'parley.speculative': turn.speculative !== undefined,
    },
    startedAt,
  );
}
