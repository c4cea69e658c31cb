import type { AudioCodec } from '@parley/shared';
import type { ReplyDecoderKind } from './reply-decoder.ts';
import { webCodecsDecodesOpus } from './reply-decoder.ts';
import { webCodecsEncodesOpus } from './utterance-encoder.ts';

/** What this browser offers the relay in `hello.codecs`, and how it would decode replies. */
export interface CodecPlan {
  offer: { up: AudioCodec[]; down: AudioCodec[] };
  decoder: ReplyDecoderKind;
}

let planned: Promise<CodecPlan> | null = null;

/**
 * The page's {@link codecPlan}, asked once (the browser's answers do not change): started when
 * the page loads, so that a call's connection does not wait for it — a hello that leaves late
 * can be caught behind the voice detector's start-up on the page's one thread.
 */
export function pageCodecPlan(forced: {
  pcm16: boolean;
  wasmDecoder: boolean;
}): Promise<CodecPlan> {
  planned ??= codecPlan(forced);
  return planned;
}

/**
 * Opus up where WebCodecs encodes it; Opus down always — WebCodecs decodes it where it can,
 * else libopus in WebAssembly; PCM16 as the fallback both ways. `forced`: PCM16 only, or the
 * WebAssembly decoder even where WebCodecs is there.
 */
export async function codecPlan(forced: {
  pcm16: boolean;
  wasmDecoder: boolean;
}): Promise<CodecPlan> {
  if (forced.pcm16) return { offer: { up: ['pcm16'], down: ['pcm16'] }, decoder: 'wasm' };
  const [encodes, decodes] = await Promise.all([
    webCodecsEncodesOpus(),
    forced.wasmDecoder ? Promise.resolve(false) : webCodecsDecodesOpus(48_000),
  ]);
  return {
    offer: { up: encodes ? ['opus', 'pcm16'] : ['pcm16'], down: ['opus', 'pcm16'] },
    decoder: decodes ? 'webcodecs' : 'wasm',
  };
}
