import type { AudioCodec } from '@parley/shared';
import type { ReplyDecoderKind } from './reply-decoder.ts';

/** What this browser offers the relay in `hello.codecs`, and how it would decode replies. */
export interface CodecPlan {
  offer: { up: AudioCodec[]; down: AudioCodec[] };
  decoder: ReplyDecoderKind;
}

/**
 * Opus down (WebCodecs' `AudioDecoder` where the browser has one, else libopus in WebAssembly)
 * and up where it has WebCodecs' `AudioEncoder`; PCM16 as the fallback both ways (`?codec=pcm16`
 * offers PCM16 alone, for comparisons). Decided at once, without asking the codecs
 * (`isConfigSupported` answers late on a busy page, and the hello must not wait: the relay gives
 * it 5 s): an encoder that turns out unable sends its chunks as PCM16, a decoder that fails
 * hands the turn to WebAssembly.
 */
export function codecPlan(forced: { pcm16: boolean; wasmDecoder: boolean }): CodecPlan {
  if (forced.pcm16) return { offer: { up: ['pcm16'], down: ['pcm16'] }, decoder: 'wasm' };
  const encodes = typeof AudioEncoder !== 'undefined';
  const decodes = !forced.wasmDecoder && typeof AudioDecoder !== 'undefined';
  return {
    offer: { up: encodes ? ['opus', 'pcm16'] : ['pcm16'], down: ['opus', 'pcm16'] },
    decoder: decodes ? 'webcodecs' : 'wasm',
  };
}
