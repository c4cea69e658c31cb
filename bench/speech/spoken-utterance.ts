import { SAMPLE_RATE_HZ } from '@parley/shared';
import { speakEspeak, speechEdges, type EspeakSpeaker, type SpokenWord } from './espeak.ts';

/**
 * An utterance of a bench said by eSpeak NG as a 16 kHz file, with where each of its words is:
 * a complete sentence, or a paused one said whole and cut where its words before the pause end,
 * the pause inserted there (so the voice before it goes on, as a person's who pauses
 * mid-sentence), with silence before and after.
 */

/** What is said: a whole sentence, or one paused where it still owes words. */
export type UtteranceText =
  | { kind: 'complete'; text: string }
  | { kind: 'paused'; before: string; after: string; pauseMs: number };

/** The file, its words where they are in it (ms), and where its speech ends (ms). */
export interface SpokenUtterance {
  samples: Float32Array;
  words: SpokenWord[];
  speechEndMs: number;
}

/** Silence before the speech and after it (ms): the client ends the turn in the latter. */
export const LEAD_MS = 800;
export const TAIL_MS = 2_500;

const samplesOf = (ms: number) => Math.round((ms * SAMPLE_RATE_HZ) / 1000);
const msOf = (samples: number) => (samples * 1000) / SAMPLE_RATE_HZ;

/** `u` said by `speaker`. */
export async function spokenUtterance(
  u: UtteranceText,
  speaker: EspeakSpeaker,
): Promise<SpokenUtterance> {
  const text = u.kind === 'complete' ? u.text : `${u.before} ${u.after}`;
  const speech = await speakEspeak(text, speaker);
  const parts: { samples: Float32Array; words: SpokenWord[] }[] = [];
  if (u.kind === 'complete') parts.push(speech);
  else {
    const owed = u.before.split(/\s+/).length;
    const cutMs = speech.words[owed]?.startMs;
    if (cutMs === undefined) throw new Error(`eSpeak NG said fewer words than "${text}" has`);
    const cut = samplesOf(cutMs);
    const first = speech.samples.subarray(0, cut);
    const [, firstEnd] = speechEdges(first);
    const second = speech.samples.subarray(cut);
    const [secondStart] = speechEdges(second);
    const shift = msOf(cut + secondStart);
    parts.push({
      samples: first.subarray(0, firstEnd),
      words: speech.words
        .slice(0, owed)
        .map((w) => ({ ...w, endMs: Math.min(w.endMs, msOf(firstEnd)) })),
    });
    parts.push({ samples: new Float32Array(samplesOf(u.pauseMs)), words: [] });
    parts.push({
      samples: second.subarray(secondStart),
      words: speech.words
        .slice(owed)
        .map((w) => ({ ...w, startMs: Math.max(0, w.startMs - shift), endMs: w.endMs - shift })),
    });
  }
  const all = [
    { samples: new Float32Array(samplesOf(LEAD_MS)), words: [] },
    ...parts,
    { samples: new Float32Array(samplesOf(TAIL_MS)), words: [] },
  ];
  const samples = new Float32Array(all.reduce((n, p) => n + p.samples.length, 0));
  const words: SpokenWord[] = [];
  let at = 0;
  for (const p of all) {
    samples.set(p.samples, at);
    const offsetMs = msOf(at);
    for (const w of p.words)
      words.push({ word: w.word, startMs: w.startMs + offsetMs, endMs: w.endMs + offsetMs });
    at += p.samples.length;
  }
  return { samples, words, speechEndMs: msOf(samples.length - samplesOf(TAIL_MS)) };
}
