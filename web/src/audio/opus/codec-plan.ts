import type { AudioCodec } from '@parley/shared';
import type { ReplyDecoderKind } from './reply-decoder.ts';

/** What this browser offers the relay in `hello.codecs`, and how it would decode replies. */
export interface CodecPlan {
  offer: { up: AudioCodec[]; down: AudioCodec[] };
  decoder: ReplyDecoderKind;
}

/**
 * With `forced.opus`: Opus down (WebCodecs' `AudioDecoder` where the browser has one, else
 * libopus in WebAssembly) and up where it has WebCodecs' `AudioEncoder`; PCM16 as the fallback
 * both ways. Decided at once, without asking the codecs (`isConfigSupported` answers late on a
 * busy page, and the hello must not wait: the relay gives it 5 s): an encoder that turns out
 * unable sends its chunks as PCM16, a decoder that fails hands the turn to WebAssembly.
 *
 * Without it (the default for now), PCM16 both ways, as before: two things seen in Chromium
 * are not settled yet (issue 26) — with Opus up, the embedded recogniser misheard a word of the
 * end-of-turn fixture it hears right in PCM16, and with the WebAssembly decoder the call's
 * state sometimes stayed "listening" while the reply played.
 */
export function codecPlan(forced: { opus: boolean; wasmDecoder: boolean }): CodecPlan {
  if (!forced.opus) return { offer: { up: ['pcm16'], down: ['pcm16'] }, decoder: 'wasm' };
  const encodes = typeof AudioEncoder !== 'undefined';
  const decodes = !forced.wasmDecoder && typeof AudioDecoder !== 'undefined';
  return {
    offer: { up: encodes ? ['opus', 'pcm16'] : ['pcm16'], down: ['opus', 'pcm16'] },
    decoder: decodes ? 'webcodecs' : 'wasm',
  };
}
