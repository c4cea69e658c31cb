import { CHUNK_SAMPLES, floatToPcm16 } from '@parley/shared';
import { OpusStreamDecoder, OpusStreamEncoder } from '../../relay/src/audio/opus.ts';
import { PocketSphinxAsr } from '../../relay/src/providers/embedded/pocketsphinx/pocketsphinx.ts';

/** Uplink settings the page and the headless client encode the microphone with. */
const UPLINK = { rateHz: 16_000, bitrate: 24_000, complexity: 10 } as const;

/**
 * The utterance as the relay hears it over Opus: 100 ms chunks encoded at the uplink's
 * settings, each decoded back to PCM16 by the relay's decoder (one stream per utterance).
 */
export function throughOpus(pcm: Int16Array): Int16Array {
  const encoder = new OpusStreamEncoder(UPLINK);
  const decoder = new OpusStreamDecoder(UPLINK.rateHz);
  const out = new Int16Array(pcm.length);
  let at = 0;
  try {
    for (let from = 0; from + CHUNK_SAMPLES <= pcm.length; from += CHUNK_SAMPLES) {
      const decoded = decoder.decode(encoder.encode(pcm.subarray(from, from + CHUNK_SAMPLES)));
      if (decoded) out.set(decoded.subarray(0, out.length - at), at);
      at += decoded?.length ?? CHUNK_SAMPLES;
    }
  } finally {
    encoder.free();
    decoder.free();
  }
  return out.subarray(0, Math.min(at, out.length));
}

/**
 * The codec's own effect on recognition, without the turn-taking around it: every utterance
 * decoded whole, as one segment, by the embedded recogniser, as PCM16 and after an Opus round
 * trip — each codec as one speaker in order, as a session hears them. Deterministic, unlike the
 * streamed figure, where where a turn ends (and so how the words are split) can differ by codec.
 */
export async function batchTranscripts(
  speech: readonly Float32Array[],
): Promise<{ pcm16: string[]; opus: string[] }> {
  const asr = new PocketSphinxAsr({ poolSize: 1 });
  await asr.ready();
  const heard = async (speaker: string, pcm: Int16Array): Promise<string> => {
    const stream = asr.start({
      sampleRateHz: UPLINK.rateHz,
      signal: new AbortController().signal,
      speaker,
    });
    for (let from = 0; from < pcm.length; from += CHUNK_SAMPLES)
      stream.write(pcm.subarray(from, from + CHUNK_SAMPLES));
    return (await stream.finish()).text;
  };
  try {
    const pcm16: string[] = [];
    const opus: string[] = [];
    for (const s of speech) {
      const pcm = floatToPcm16(s);
      pcm16.push(await heard('pcm16', pcm));
      opus.push(await heard('opus', throughOpus(pcm)));
    }
    return { pcm16, opus };
  } finally {
    await asr.close();
  }
}
