// @evan/opus's WebAssembly build, which the relay imports directly (its package root prefers a
// native addon). What it exports, as its wasm/index.js defines it: the package's typings cover
// only the root's wrappers, and leave out drop(), which frees a codec's memory at once.
declare module '@evan/opus/wasm/index.mjs' {
  type SampleRate = 8000 | 12000 | 16000 | 24000 | 48000;

  export class Decoder {
    constructor(options: { channels?: 1 | 2; sample_rate?: SampleRate });
    readonly channels: 1 | 2;
    /** A request of opus_defines.h: gets with no value, sets with one. Throws on an error code. */
    ctl(cmd: number, value?: number): number;
    /** One packet → its PCM16 samples' bytes (a copy). Throws on a packet libopus refuses. */
    decode(packet: ArrayBufferView): Uint8Array;
    /** Frees the decoder's memory; using it after is an error. */
    drop(): void;
  }

  export class Encoder {
    constructor(options: {
      channels?: 1 | 2;
      sample_rate?: SampleRate;
      application?: 'voip' | 'audio' | 'restricted_lowdelay';
    });
    readonly channels: 1 | 2;
    ctl(cmd: number, value?: number): number;
    /** One frame of PCM16 samples (2.5–60 ms) → one packet (a copy). */
    encode(pcm: ArrayBufferView): Uint8Array;
    drop(): void;
  }
}
