import {
  isOpusFrame,
  SAMPLE_RATE_HZ,
  type AudioCodec,
  type ReadyMessage,
  type WireAudioFrame,
} from '@parley/shared';
import { isOpusRate, OpusStreamDecoder, OpusStreamEncoder } from '../audio/opus.ts';

/** Bits per second of microphone audio sent as Opus, unless told otherwise. */
export const DEFAULT_UPLINK_BITRATE = 24_000;

/** What `hello.codecs` offers for `codec`: Opus (PCM16 as the fallback), or PCM16 alone. */
export function codecOffer(codec: AudioCodec): { up: AudioCodec[]; down: AudioCodec[] } {
  const offer: AudioCodec[] = codec === 'opus' ? ['opus', 'pcm16'] : ['pcm16'];
  return { up: offer, down: offer };
}

/**
 * The headless client's side of Opus, as the relay agreed in `ready`: one encoder per turn's
 * utterance (microphone chunks of 100 ms as five 20 ms packets) and one decoder per turn's
 * reply. Each is freed when its turn is over; with PCM16 agreed it does nothing.
 */
export class TurnCodecs {
  private readonly encoders = new Map<number, OpusStreamEncoder>();
  private readonly decoders = new Map<number, OpusStreamDecoder>();

  constructor(
    private readonly ready: () => ReadyMessage,
    private readonly uplinkBitrate = DEFAULT_UPLINK_BITRATE,
  ) {}

  /** The Opus packets of a microphone chunk of `turnId`; undefined when it goes as PCM16. */
  encode(turnId: number, samples: Int16Array): Uint8Array[] | undefined {
    if (this.ready().codecs?.up !== 'opus') return undefined;
    let encoder = this.encoders.get(turnId);
    if (!encoder) {
      // Complexity 10, as the browser encodes the microphone: the recogniser hears it best.
      encoder = new OpusStreamEncoder({
        rateHz: SAMPLE_RATE_HZ,
        bitrate: this.uplinkBitrate,
        complexity: 10,
      });
      this.encoders.set(turnId, encoder);
    }
    return encoder.encode(samples);
  }

  /** The utterance of `turnId` is over: its encoder lets go. */
  utteranceEnded(turnId: number): void {
    this.encoders.get(turnId)?.free();
    this.encoders.delete(turnId);
  }

  /**
   * A reply frame's samples at `ready.outputSampleRateHz`: PCM16 as it came, Opus decoded in
   * the turn's stream (silence of the packets' length when libopus refuses them).
   */
  decode(frame: WireAudioFrame): Int16Array {
    if (!isOpusFrame(frame)) return frame.samples;
    const rateHz = this.ready().outputSampleRateHz;
    if (!isOpusRate(rateHz)) throw new Error(`Opus reply audio at ${rateHz} Hz.`);
    let decoder = this.decoders.get(frame.turnId);
    if (!decoder) {
      decoder = new OpusStreamDecoder(rateHz);
      this.decoders.set(frame.turnId, decoder);
    }
    return decoder.decode(frame.packets) ?? new Int16Array((frame.samples48k * rateHz) / 48_000);
  }

  /** The reply of `turnId` is all here: its decoder lets go. */
  replyEnded(turnId: number): void {
    this.decoders.get(turnId)?.free();
    this.decoders.delete(turnId);
  }

  /** Frees everything (the client closed). */
  close(): void {
    for (const turnId of [...this.encoders.keys()]) this.utteranceEnded(turnId);
    for (const turnId of [...this.decoders.keys()]) this.replyEnded(turnId);
  }
}
