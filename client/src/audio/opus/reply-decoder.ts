import type { OpusDecoder, OpusDecoderSampleRate } from 'opus-decoder';
import { floatToPcm16, OPUS_CLOCK_HZ, opusPacketSamples48k } from '@parley/shared';
import { decimateToPcm16 } from './decimate.ts';

/** Which decoder turns a reply's Opus into PCM: the browser's, or libopus in WebAssembly. */
export type ReplyDecoderKind = 'webcodecs' | 'wasm';

/** One turn's reply, one Opus stream: decoded in order, a frame's packets at a time. */
export interface ReplyDecoder {
  readonly kind: ReplyDecoderKind;
  /** The packets' audio at the reply's rate: exactly their duration in samples. */
  decode(packets: readonly Uint8Array[]): Promise<Int16Array>;
  close(): void;
}

const OPUS_RATES: readonly OpusDecoderSampleRate[] = [8_000, 12_000, 16_000, 24_000, 48_000];

function opusRate(rateHz: number): OpusDecoderSampleRate {
  const rate = OPUS_RATES.find((r) => r === rateHz);
  if (rate === undefined) throw new RangeError(`Opus does not decode at ${rateHz} Hz.`);
  return rate;
}

/** Samples at `rateHz` the packets hold. */
function durationAt(packets: readonly Uint8Array[], rateHz: number): number {
  let n48k = 0;
  for (const p of packets) n48k += opusPacketSamples48k(p) ?? 0;
  return (n48k * rateHz) / OPUS_CLOCK_HZ;
}

/** Exactly `length` samples: what decoded, cut or padded with silence (a packet refused). */
function exactly(samples: Int16Array, length: number): Int16Array {
  if (samples.length === length) return samples;
  const out = new Int16Array(length);
  out.set(samples.subarray(0, length));
  return out;
}

/**
 * libopus 1.3 in WebAssembly (opus-decoder: its module is inlined in a script of our own
 * origin, loaded on first use, nothing fetched from elsewhere), decoding at the reply's rate.
 * Where WebCodecs is missing (older Safari, Firefox on some platforms).
 */
export class WasmReplyDecoder implements ReplyDecoder {
  readonly kind = 'wasm';
  private readonly decoder: Promise<OpusDecoder<OpusDecoderSampleRate>>;

  constructor(private readonly rateHz: number) {
    const sampleRate = opusRate(rateHz);
    this.decoder = import('opus-decoder').then(async ({ OpusDecoder: Decoder }) => {
      const decoder = new Decoder({ sampleRate, channels: 1 });
      await decoder.ready;
      return decoder;
    });
  }

  async decode(packets: readonly Uint8Array[]): Promise<Int16Array> {
    const decoder = await this.decoder;
    const length = durationAt(packets, this.rateHz);
    const decoded = decoder.decodeFrames([...packets]);
    return exactly(floatToPcm16(decoded.channelData[0] ?? new Float32Array(0)), length);
  }

  close(): void {
    void this.decoder.then((d) => d.free()).catch(() => undefined);
  }
}

/**
 * The browser's own Opus decoder (WebCodecs `AudioDecoder`). Chromium decodes at 48 kHz
 * whatever rate it is configured with; the output is taken to the reply's rate (a whole
 * fraction of 48 kHz). It emits one output per packet, in order. An error closes it for good:
 * the turn's remaining packets go to a WebAssembly decoder (a few ms of glitch).
 */
export class WebCodecsReplyDecoder implements ReplyDecoder {
  readonly kind = 'webcodecs';
  private readonly decoder: AudioDecoder;
  /** Packets decoding, oldest first: where each output goes. */
  private readonly waiting: ((pcm: Int16Array | null) => void)[] = [];
  private fallback: WasmReplyDecoder | null = null;
  private timestampUs = 0;

  constructor(private readonly rateHz: number) {
    this.decoder = new AudioDecoder({
      output: (data) => this.output(data),
      error: () => this.failed(),
    });
    this.decoder.configure({ codec: 'opus', sampleRate: rateHz, numberOfChannels: 1 });
  }

  async decode(packets: readonly Uint8Array[]): Promise<Int16Array> {
    const length = durationAt(packets, this.rateHz);
    if (this.fallback || this.decoder.state !== 'configured')
      return (this.fallback ??= new WasmReplyDecoder(this.rateHz)).decode(packets);
    const parts = packets.map((p) => {
      const done = new Promise<Int16Array | null>((resolve) => this.waiting.push(resolve));
      this.decoder.decode(
        new EncodedAudioChunk({ type: 'key', timestamp: this.timestampUs, data: p }),
      );
      this.timestampUs += ((opusPacketSamples48k(p) ?? 0) * 1_000_000) / OPUS_CLOCK_HZ;
      return done;
    });
    const decoded = await Promise.all(parts);
    const out = new Int16Array(length);
    let at = 0;
    for (const [i, pcm] of decoded.entries()) {
      const n = durationAt(packets.slice(i, i + 1), this.rateHz);
      // A packet the decoder did not get to (it failed) is silence of its length.
      if (pcm) out.set(pcm.subarray(0, Math.min(n, out.length - at)), at);
      at += n;
    }
    return out;
  }

  close(): void {
    if (this.decoder.state !== 'closed') this.decoder.close();
    this.fallback?.close();
    this.failed();
  }

  private output(data: AudioData): void {
    try {
      const samples = new Float32Array(data.numberOfFrames);
      data.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
      this.waiting.shift()?.(decimateToPcm16(samples, data.sampleRate, this.rateHz));
    } finally {
      data.close();
    }
  }

  /** The decoder is gone: what it still owed is silence. */
  private failed(): void {
    for (const resolve of this.waiting.splice(0)) resolve(null);
  }
}
