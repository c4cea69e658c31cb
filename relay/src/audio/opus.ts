// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the typings of the package entry below, needed by every program that compiles this file (relay, bench, e2e)
/// <reference path="./evan-opus.d.ts" />
import { Decoder, Encoder } from '@evan/opus/wasm/index.mjs';

/**
 * Opus for the relay: libopus compiled to WebAssembly, @evan/opus's build (its SIMD module where
 * the CPU has it), loaded from the package: nothing to build or download on a fresh machine, as
 * fast as a native addon, and a fault throws instead of taking the process down. Why not
 * opusscript, and the figures:
 * docs/decisions.md#libopus-in-webassembly-on-the-relay-not-opusscript. The test beside this
 * file keeps 120 streams going at once.
 *
 * Each encoder and decoder holds memory inside the WebAssembly heap: {@link free} it when its
 * stream ends (the library's finaliser is only the backstop).
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
const SET_BITRATE = 4002;
const SET_SIGNAL = 4024;
const SET_COMPLEXITY = 4010;
const SIGNAL_VOICE = 3001;

/** Samples of one 20 ms packet at `rateHz`. */
export function packetSamples(rateHz: OpusRate): number {
  return (rateHz * OPUS_PACKET_MS) / 1000;
}

/** One Opus stream being encoded: speech, mono, packets of 20 ms. */
export class OpusStreamEncoder {
  readonly packetSamples: number;
  private codec: Encoder | null;

  constructor(options: {
    rateHz: OpusRate;
    bitrate: number;
    /** libopus's effort, 0–10 (its default: 9); a recogniser hears 10 best. */
    complexity?: number;
  }) {
    this.packetSamples = packetSamples(options.rateHz);
    const codec = new Encoder({ channels: 1, sample_rate: options.rateHz, application: 'voip' });
    codec.ctl(SET_BITRATE, options.bitrate);
    codec.ctl(SET_SIGNAL, SIGNAL_VOICE);
    if (options.complexity !== undefined) codec.ctl(SET_COMPLEXITY, options.complexity);
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
      packets.push(codec.encode(part));
    }
    return packets;
  }

  setBitrate(bitrate: number): void {
    this.live().ctl(SET_BITRATE, bitrate);
  }

  free(): void {
    this.codec?.drop();
    this.codec = null;
  }

  private live(): Encoder {
    if (!this.codec) throw new Error('The Opus encoder was freed.');
    return this.codec;
  }
}

/** One Opus stream being decoded, mono, at `rateHz`. */
export class OpusStreamDecoder {
  private codec: Decoder | null;

  constructor(readonly rateHz: OpusRate) {
    this.codec = new Decoder({ channels: 1, sample_rate: rateHz });
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
        // A copy of its own (the library slices it out of the heap), so aligned.
        const bytes = codec.decode(p);
        const samples = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
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
    this.codec?.drop();
    this.codec = null;
  }
}
