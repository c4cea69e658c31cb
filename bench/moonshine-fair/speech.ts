import { synthesizeSpeech } from '../../relay/test/fixtures/speech.ts';

/** Samples per chunk written (100 ms at 16 kHz), as the relay writes uplink audio. */
export const CHUNK = 1_600;
const RATE_HZ = 16_000;

/** Speech as the bench streams it: its chunks, and after which ones a pause is read. */
export interface Said {
  text: string;
  samples: Int16Array;
  /** Chunk indices after which the client would report a pause (~300 ms into a silence). */
  pausesAfter: ReadonlySet<number>;
}

/** Short questions, by Flite's voices in turn. */
const QUESTIONS = [
  'what time is it',
  'what is the weather like today',
  'set a timer for five minutes',
  'how far away is the moon',
  'what is twelve times eight',
  'who wrote romeo and juliet',
  'remind me to buy some milk',
  'how do you say thank you in french',
];
const VOICES = ['slt', 'awb', 'rms', 'kal16'];

/** Sentences of the long utterance, said 0.5 s apart until it lasts 55 s. */
const STORY = [
  'I want to tell you about the trip we took to the mountains last summer',
  'we left early in the morning and drove for most of the day',
  'the road climbed through forests and small villages with old stone houses',
  'in the evening we reached a little hotel beside a lake',
  'the next day we walked up to a pass where there was still some snow',
  'my brother wanted to go further but the weather was turning',
  'so we came back down and had a long lunch by the water',
  'on the last day we visited a market and bought cheese and bread',
  'I would like to go back there next year with the whole family',
  'can you help me plan a route that takes about a week',
  'we would rather avoid the motorways and stay in small towns',
  'and please tell me what the weather is usually like in june',
];
const LONG_S = 55;
/** Silence before a question and after it: the pause, then the client's end-of-turn wait (ms). */
const LEAD_MS = 300;
const TAIL_MS = 1_000;
/** A pause is reported this far into a silence (ms). */
const PAUSE_AFTER_MS = 300;

const silence = (ms: number) => new Int16Array((RATE_HZ * ms) / 1000);

function joined(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The short questions, each with its pause after the speech. */
export async function questions(): Promise<Said[]> {
  const out: Said[] = [];
  for (const [i, text] of QUESTIONS.entries()) {
    const { samples } = await synthesizeSpeech(text, {
      voice: VOICES[i % VOICES.length] ?? 'slt',
      leadingSilenceMs: LEAD_MS,
      trailingSilenceMs: TAIL_MS,
    });
    const speechEnd = samples.length - silence(TAIL_MS).length;
    const pauseChunk = Math.floor((speechEnd + silence(PAUSE_AFTER_MS).length) / CHUNK);
    out.push({ text, samples, pausesAfter: new Set([pauseChunk]) });
  }
  return out;
}

/** One user's 55 s utterance: sentences 0.5 s apart, a pause reported in each gap. */
export async function longUtterance(): Promise<Said> {
  const parts: Int16Array[] = [silence(LEAD_MS)];
  const pauses = new Set<number>();
  const texts: string[] = [];
  let samples = parts[0]?.length ?? 0;
  for (let i = 0; samples < LONG_S * RATE_HZ; i++) {
    const text = STORY[i % STORY.length] ?? '';
    const speech = await synthesizeSpeech(text, {
      voice: 'slt',
      leadingSilenceMs: 0,
      trailingSilenceMs: 500,
    });
    const words = speech.samples;
    parts.push(words);
    texts.push(text);
    samples += words.length;
    pauses.add(Math.floor((samples - silence(500 - PAUSE_AFTER_MS).length) / CHUNK));
  }
  parts.push(silence(TAIL_MS));
  return { text: texts.join(' '), samples: joined(parts), pausesAfter: pauses };
}
