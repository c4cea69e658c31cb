import load, { type EspeakWorker } from '@echogarden/espeak-ng-emscripten';
import { pcm16ToFloat, resampleAll, SAMPLE_RATE_HZ } from '@parley/shared';

/**
 * Speech made with eSpeak NG (its WebAssembly build, `@echogarden/espeak-ng-emscripten`) for the
 * benches, in any of its languages: 16 kHz mono, with where each word starts and ends.
 */

/** Who says it: an eSpeak NG voice and variant ("nl", "nl+f3", "en-us+m3"), rate and pitch. */
export interface EspeakSpeaker {
  voice: string;
  /** Words per minute (eSpeak's own is 175). */
  rateWpm: number;
  /** 0–100 (the voice's own is 50). */
  pitch?: number;
}

/** A word of the text where it is said (ms from the audio's start). */
export interface SpokenWord {
  word: string;
  startMs: number;
  endMs: number;
}

/** Speech at 16 kHz, without the near-silence eSpeak leaves before and after it. */
export interface EspeakSpeech {
  samples: Float32Array;
  words: SpokenWord[];
}

/** Below this (dBFS, over 5 ms) the edges of the speech count as silence. */
const EDGE_DB = -50;
const EDGE_MS = 5;

let worker: Promise<EspeakWorker> | null = null;

function espeak(): Promise<EspeakWorker> {
  worker ??= load().then((m) => new m.eSpeakNGWorker());
  return worker;
}

/** Says `text` as `speaker` (the worker is made once and reused). */
export async function speakEspeak(text: string, speaker: EspeakSpeaker): Promise<EspeakSpeech> {
  const w = await espeak();
  if (w.set_voice(speaker.voice) !== 0) throw new Error(`eSpeak NG has no voice ${speaker.voice}`);
  w.set_rate(speaker.rateWpm);
  w.set_pitch(speaker.pitch ?? 50);
  const chunks: Int16Array[] = [];
  const starts: { at: number; ms: number; length: number }[] = [];
  w.synthesize(text, (samples, events) => {
    chunks.push(samples.slice());
    for (const e of events)
      if (e.type === 'word')
        starts.push({ at: e.text_position - 1, ms: e.audio_position, length: e.word_length });
  });
  const rateHz = w.get_samplerate();
  const pcm = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    pcm.set(c, at);
    at += c.length;
  }
  const whole = resampleAll(pcm16ToFloat(pcm), rateHz, SAMPLE_RATE_HZ);
  const [from, to] = speechEdges(whole);
  const msOf = (i: number) => (i * 1000) / SAMPLE_RATE_HZ;
  const endMs = msOf(to - from);
  // The text's words, each from the event of its own start (eSpeak gives one event to a few
  // words it says as one, "in the": they share its span evenly); a word ends where the next
  // starts, the last where speech ends.
  const events = starts.map((e) => ({ at: e.at, ms: e.ms - msOf(from) }));
  const textWords = [...text.matchAll(/\S+/g)].map((m) => ({ word: m[0], at: m.index }));
  const eventOf = (at: number) => events.findLastIndex((e) => e.at <= at);
  const starting = textWords.map((w) => {
    const k = eventOf(w.at);
    const share = textWords.filter((x) => eventOf(x.at) === k);
    const nth = share.findIndex((x) => x === w);
    const spanFrom = Math.max(0, events[k]?.ms ?? 0);
    const spanTo = events[k + 1]?.ms ?? endMs;
    return spanFrom + ((spanTo - spanFrom) * nth) / share.length;
  });
  const words = textWords.map((w, i) => ({
    word: w.word,
    startMs: starting[i] ?? 0,
    endMs: Math.min(endMs, starting[i + 1] ?? endMs),
  }));
  return { samples: whole.slice(from, to), words };
}

/** Where speech starts and ends in `samples` (indices: the first loud window, past the last). */
export function speechEdges(samples: Float32Array): [number, number] {
  const n = Math.round((EDGE_MS * SAMPLE_RATE_HZ) / 1000);
  const floor = 10 ** (EDGE_DB / 20);
  const loud = (i: number) => {
    let sum = 0;
    for (let k = i; k < Math.min(samples.length, i + n); k++) sum += (samples[k] ?? 0) ** 2;
    return Math.sqrt(sum / n) >= floor;
  };
  let from = 0;
  while (from < samples.length && !loud(from)) from += n;
  let to = samples.length;
  while (to > from && !loud(Math.max(from, to - n))) to -= n;
  return [Math.min(from, samples.length), Math.max(from, to)];
}
