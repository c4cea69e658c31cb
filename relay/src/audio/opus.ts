import OpusScript from 'opusscript';

/**
 * Opus for the relay: libopus 1.4 compiled to WebAssembly (opusscript). Chosen over native
 * bindings (@discordjs/opus, @evan/opus) for its install story: nothing to build or download
 * on a fresh machine, any platform and Node version, and the newest libopus; it costs 13.5 ms
 * of CPU per second of speech encoded at complexity 10 (native: 7.6–11.1) and 1.1 ms per second
 * decoded (native: 0.6–0.7): bench/results/opus-libraries.md (`pnpm bench:opus:libraries`).
 *
 * Each encoder and decoder holds memory inside the WebAssembly heap: {@link free} it when its
 * stream ends (a finaliser is only the backstop).
 */

/** The rates Opus encodes and decodes at (Hz). */
export const OPUS_RATES = [8_000, 12_000, 16_000, 24_000, 48_000] as const;
export type OpusRate = (typeof OPUS_RATES)[number];

/** Opus packets of 20 ms: the usual trade of overhead against delay for speech. */
export const OPUS_PACKET_MS = 20;

/** The Opus rate audio at `rateHz` travels at: the lowest one that keeps all of it. */
export function opusRateFor(rateHz: number): OpusRate {
  return OPUS_RATES.find((r) => r >= rateHz) ?? 48_000;
}

export function isOpusRate(rateHz: number): rateHz is OpusRate {
  return (OPUS_RATES as readonly number[]).includes(rateHz);
}

// libopus's request codes (opus_defines.h).
const SET_SIGNAL = 4024;
const SET_COMPLEXITY = 4010;
const SIGNAL_VOICE = 3001;

const freed = new FinalizationRegistry<OpusScript>((codec) => codec.delete());

/** Samples of one 20 ms packet at `rateHz`. */
export function packetSamples(rateHz: OpusRate): number {
  return (rateHz * OPUS_PACKET_MS) / 1000;
}

/** One Opus stream being encoded: speech, mono, packets of 20 ms. */
export class OpusStreamEncoder {
  readonly packetSamples: number;
  private codec: OpusScript | null;

  constructor(options: {
    rateHz: OpusRate;
    bitrate: number;
    /** libopus's effort, 0–10 (its default: 9); a recogniser hears 10 best. */
    complexity?: number;
  }) {
    this.packetSamples = packetSamples(options.rateHz);
    const codec = new OpusScript(options.rateHz, 1, OpusScript.Application.VOIP);
    codec.setBitrate(options.bitrate);
    codec.encoderCTL(SET_SIGNAL, SIGNAL_VOICE);
    if (options.complexity !== undefined) codec.encoderCTL(SET_COMPLEXITY, options.complexity);
    freed.register(this, codec, this);
    this.codec = codec;
  }

  /** Encodes `pcm`, whose length is a whole number of packets: one packet per 20 ms. */
  encode(pcm: Int16Array): Uint8Array[] {
    const codec = this.live();
    if (pcm.length % this.packetSamples !== 0)
      throw new RangeError(`${pcm.length} samples are not whole ${OPUS_PACKET_MS} ms packets.`);
    const packets: Uint8Array[] = [];
    for (let at = 0; at < pcm.length; at += this.packetSamples) {
      const part = pcm.subarray(at, at + this.packetSamples);
      const out = codec.encode(
        Buffer.from(part.buffer, part.byteOffset, part.byteLength),
        this.packetSamples,
      );
      packets.push(new Uint8Array(out));
    }
    return packets;
  }

  setBitrate(bitrate: number): void {
    this.live().setBitrate(bitrate);
  }

  free(): void {
    if (!this.codec) return;
    freed.unregister(this);
    this.codec.delete();
    this.codec = null;
  }

  private live(): OpusScript {
    if (!this.codec) throw new Error('The Opus encoder was freed.');
    return this.codec;
  }
}

/** One Opus stream being decoded, mono, at `rateHz`. */
export class OpusStreamDecoder {
  private codec: OpusScript | null;

  constructor(readonly rateHz: OpusRate) {
    const codec = new OpusScript(rateHz, 1, OpusScript.Application.VOIP);
    freed.register(this, codec, this);
    this.codec = codec;
  }

  /**
   * Decodes `packets` in order into one run of samples; null when libopus refuses one (the
   * stream then goes on from the next).
   */
  decode(packets: readonly Uint8Array[]): Int16Array | null {
    const codec = this.codec;
    if (!codec) throw new Error('The Opus decoder was freed.');
    const parts: Int16Array[] = [];
    let total = 0;
    try {
      for (const p of packets) {
        const bytes = codec.decode(Buffer.from(p.buffer, p.byteOffset, p.byteLength));
        // A copy: the Buffer may sit at an odd offset of a shared pool.
        const samples = new Int16Array(bytes.byteLength / 2);
        new Uint8Array(samples.buffer).set(bytes);
        parts.push(samples);
        total += samples.length;
      }
    } catch {
      return null;
    }
    if (parts.length === 1) return parts[0] ?? null;
    const all = new Int16Array(total);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  }

  free(): void {
    if (!this.codec) return;
    freed.unregister(this);
    this.codec.delete();
    this.codec = null;
  }
}
