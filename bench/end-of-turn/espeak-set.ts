import type { EspeakSpeaker } from '../speech/espeak.ts';
import type { UtteranceText } from '../speech/spoken-utterance.ts';
import {
  DUTCH_HELD_OUT_COMPLETE,
  DUTCH_HELD_OUT_PAUSED,
  DUTCH_TUNED_COMPLETE,
  DUTCH_TUNED_PAUSED,
} from './dutch.ts';
import { HELD_OUT_COMPLETE, HELD_OUT_PAUSED } from './held-out.ts';
import { HARDER_COMPLETE, HARDER_PAUSED } from './harder.ts';

/**
 * The end-of-turn sets said by eSpeak NG, per language (issue 62): the same sentences in
 * English as the Flite runs, the Dutch ones of ./dutch.ts, each said by six speakers in turn —
 * one voice's variants (men's and women's) at several rates and pitches, the same for both
 * languages, so that the languages differ in their words and not their speakers.
 */

/** The languages the bench speaks (their primary subtags). */
export const BENCH_LANGUAGES = ['en', 'nl'] as const;
export type BenchLanguage = (typeof BENCH_LANGUAGES)[number];

/** Which of a language's sets: the one its words were tuned on, or the held-out one. */
export const ESPEAK_PARTS = ['tuned', 'held-out'] as const;
export type EspeakPart = (typeof ESPEAK_PARTS)[number];

/** eSpeak NG's voice for each language. */
const VOICES: Readonly<Record<BenchLanguage, string>> = { en: 'en-us', nl: 'nl' };

/** Variants, rates (words per minute) and pitches (0–100), the same in each language. */
const SPEAKING: readonly { variant: string; rateWpm: number; pitch?: number }[] = [
  { variant: '', rateWpm: 175 },
  { variant: '+f3', rateWpm: 160, pitch: 60 },
  { variant: '+m3', rateWpm: 195 },
  { variant: '+f2', rateWpm: 145 },
  { variant: '+m1', rateWpm: 170, pitch: 35 },
  { variant: '+f4', rateWpm: 210, pitch: 55 },
];

/** The six speakers of `language`. */
export function espeakSpeakers(language: BenchLanguage): EspeakSpeaker[] {
  return SPEAKING.map((s) => ({
    voice: `${VOICES[language]}${s.variant}`,
    rateWpm: s.rateWpm,
    ...(s.pitch === undefined ? {} : { pitch: s.pitch }),
  }));
}

/** One utterance of the set, and who says it. */
export type EspeakUtterance = UtteranceText & { speaker: EspeakSpeaker; by: 'espeak' };

/** The sentences of a part: English's tuned set is the harder one (said whole, cut). */
function sentences(language: BenchLanguage, part: EspeakPart) {
  if (language === 'nl')
    return part === 'tuned'
      ? { complete: DUTCH_TUNED_COMPLETE, paused: DUTCH_TUNED_PAUSED }
      : { complete: DUTCH_HELD_OUT_COMPLETE, paused: DUTCH_HELD_OUT_PAUSED };
  return part === 'tuned'
    ? { complete: HARDER_COMPLETE, paused: HARDER_PAUSED }
    : { complete: HELD_OUT_COMPLETE, paused: HELD_OUT_PAUSED };
}

/** The complete sentences, then the paused ones, speakers in turn. */
export function espeakSet(language: BenchLanguage, part: EspeakPart): EspeakUtterance[] {
  const speakers = espeakSpeakers(language);
  const speaker = (i: number) => speakers[i % speakers.length] ?? { voice: 'en-us', rateWpm: 175 };
  const { complete, paused } = sentences(language, part);
  return [
    ...complete.map((text, i) => ({
      kind: 'complete' as const,
      text,
      speaker: speaker(i),
      by: 'espeak' as const,
    })),
    ...paused.map(([before, after, pauseMs], i) => ({
      kind: 'paused' as const,
      before,
      after,
      pauseMs,
      speaker: speaker(i + 1),
      by: 'espeak' as const,
    })),
  ];
}

/** Who says it, for the report ("nl+f3 160 wpm"). */
export function espeakSpeakerName(s: EspeakSpeaker): string {
  return `${s.voice} ${s.rateWpm} wpm${s.pitch === undefined ? '' : ` p${s.pitch}`}`;
}
