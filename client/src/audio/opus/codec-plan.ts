import type { AudioCodec } from '@parley/shared';
import type { ReplyDecoderKind } from './reply-decoder.ts';

/** What this browser offers the relay in `hello.codecs`, and how it would decode replies. */
export interface CodecPlan {
  offer: { up: AudioCodec[]; down: AudioCodec[] };
  decoder: ReplyDecoderKind;
}

/**
 * Opus down (libopus in WebAssembly; WebCodecs' `AudioDecoder` when asked for) and up where the
 * browser has WebCodecs' `AudioEncoder`; PCM16 as the fallback both ways (`?codec=pcm16` offers
 * PCM16 alone, for comparisons). Decided at once, without asking the codecs
 * (`isConfigSupported` answers late on a busy page, and the hello must not wait: the relay gives
 * it 5 s): an encoder that turns out unable sends its chunks as PCM16, a WebCodecs decoder that
 * fails hands the turn to WebAssembly.
 *
 * WebAssembly decodes replies because it decodes each frame synchronously as it arrives;
 * WebCodecs hands its output back as a task from a thread of its own, late on a busy page
 * (docs/decisions.md#replies-decoded-in-webassembly-in-the-browser-not-webcodecs).
 */
export function codecPlan(forced: { pcm16: boolean; webCodecsDecoder: boolean }): CodecPlan {
  if (forced.pcm16) return { offer: { up: ['pcm16'], down: ['pcm16'] }, decoder: 'wasm' };
  const encodes = typeof AudioEncoder !== 'undefined';
  const decodes = forced.webCodecsDecoder && typeof AudioDecoder !== 'undefined';
  return {
    offer: { up: encodes ? ['opus', 'pcm16'] : ['pcm16'], down: ['opus', 'pcm16'] },
    decoder: decodes ? 'webcodecs' : 'wasm',
  };
}
