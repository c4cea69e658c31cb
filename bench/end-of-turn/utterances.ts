/**
 * The end-of-turn test set: 30 complete utterances (questions and statements of 2–12 words)
 * and 30 with a pause of 400–1,000 ms at an incomplete point (after a preposition, article,
 * conjunction, filler, auxiliary, "tell me", "can you", or a number that goes on), each going
 * on after the pause. Spoken by Flite's four voices in turn, each part of a paused one
 * synthesised on its own. Then the harder set (./harder.ts, issue 52): 20 complete and 30
 * paused, more speakers and rates, paused ones synthesised whole and cut at the pause. Apart
 * from both, the held-out 70 (./held-out.ts), built as the harder set and never tuned on; and
 * recorded human voices (issue 61: Debian's pocketsphinx-testdata, ../speech/real-speech.ts),
 * their finished sentences only.
 */
import { recordedSpeech, TESTDATA_DIR } from '../speech/real-speech.ts';
import { HARDER_COMPLETE, HARDER_PAUSED, SPEAKERS, type Speaker } from './harder.ts';
import { HELD_OUT_COMPLETE, HELD_OUT_PAUSED, HELD_OUT_SPEAKERS } from './held-out.ts';

export interface CompleteUtterance {
  kind: 'complete';
  text: string;
  /** A recorded human voice saying it (its id in pocketsphinx-testdata), not Flite. */
  recorded?: string;
}

export interface PausedUtterance {
  kind: 'paused';
  /** Said before the pause (ends where the sentence still owes something). */
  before: string;
  /** Said after it. */
  after: string;
  /** Silence inserted between the two (ms). */
  pauseMs: number;
}

export type EndOfTurnUtterance = (CompleteUtterance | PausedUtterance) & {
  voice: string;
  /** The harder set's speaking: rate and pitch, the paused ones synthesised whole. */
  speaker?: Speaker;
};

export const VOICES = ['slt', 'rms', 'awb', 'kal16'] as const;

const COMPLETE: readonly string[] = [
  'what time is it',
  'what can you do',
  'good morning',
  'what is your name',
  'thank you very much',
  'how is the weather today',
  'tell me a joke',
  'what day is it today',
  'set a timer for ten minutes',
  'play some music',
  'turn off the lights',
  'what is the capital of france',
  'I would like a cup of coffee',
  'how far is the moon',
  'call my mother',
  'book a table for two',
  'what is five times six',
  'remind me to buy milk',
  'how old are you',
  'where is the nearest station',
  'I am going home now',
  'please read my messages',
  'what is the weather like in paris tomorrow',
  'can you help me with my homework',
  'the meeting starts at nine',
  'open the front door',
  'how do I get to the airport',
  'that sounds great',
  'send a message to john',
  'what is the longest river in the world',
];

const PAUSED: readonly [string, string, number][] = [
  ['I would like to book a table for', 'two people', 600],
  ['what is the weather like in', 'london', 800],
  ['set a timer for', 'five minutes', 500],
  ['can you tell me', 'the time', 700],
  ['I want to', 'go home', 900],
  ['play some music and', 'turn up the volume', 600],
  ['remind me to', 'call my mother', 700],
  ['what is the capital of', 'spain', 800],
  ['send a message to', 'john', 500],
  ['turn off the lights in the', 'kitchen', 700],
  ['how far is it from here to the', 'station', 1000],
  ['I need a', 'taxi', 600],
  ['what is um', 'the time', 800],
  ['the meeting is at', 'nine', 600],
  ['my name is', 'john', 400],
  ['it is twenty', 'five past nine', 700],
  ['book a flight to', 'new york', 900],
  ['we can go there and then', 'have lunch', 600],
  ['tell me about', 'the weather', 500],
  ['what are the opening hours of the', 'museum', 1000],
  ['can you', 'help me', 700],
  ['I would like', 'a coffee', 600],
  ['please add eggs milk and', 'bread', 800],
  ['the answer is', 'forty two', 500],
  ['I live in', 'paris', 700],
  ['give me', 'a moment', 900],
  ['what is the', 'time', 400],
  ['it costs one hundred', 'dollars', 600],
  ['we should leave because', 'it is late', 800],
  ['show me the', 'pictures', 1000],
];

/**
 * Which of the set: the first 60 (the set before issue 52), the harder 50, all 110 (the set the
 * policy is tuned on), the held-out 70 (./held-out.ts: never tuned on, not in `all`), or the
 * human recordings' 11 finished sentences (never tuned on either).
 */
export const SET_PARTS = ['first', 'harder', 'all', 'held-out', 'human'] as const;
export type SetPart = (typeof SET_PARTS)[number];

/** Complete and paused sentences, each said whole by the speakers in turn. */
function spokenWhole(
  complete: readonly string[],
  paused: readonly [string, string, number][],
  speakers: readonly Speaker[],
): EndOfTurnUtterance[] {
  const speaker = (i: number) => speakers[i % speakers.length] ?? { voice: 'slt', stretch: 1 };
  const withSpeaker = (s: Speaker) => ({ voice: s.voice, speaker: s });
  return [
    ...complete.map((text, i) => ({ kind: 'complete' as const, text, ...withSpeaker(speaker(i)) })),
    ...paused.map(([before, after, pauseMs], i) => ({
      kind: 'paused' as const,
      before,
      after,
      pauseMs,
      ...withSpeaker(speaker(i + 1)),
    })),
  ];
}

/**
 * The utterances: the first 60, voices in turn (each voice speaks 15), then the harder 50,
 * speakers in turn; or the held-out 70.
 */
export function endOfTurnSet(part: SetPart = 'all'): EndOfTurnUtterance[] {
  if (part === 'human') return humanSet();
  if (part === 'held-out')
    return spokenWhole(HELD_OUT_COMPLETE, HELD_OUT_PAUSED, HELD_OUT_SPEAKERS);
  const voice = (i: number) => VOICES[i % VOICES.length] ?? 'slt';
  const more = spokenWhole(HARDER_COMPLETE, HARDER_PAUSED, SPEAKERS);
  if (part === 'harder') return more;
  return [
    ...COMPLETE.map((text, i) => ({ kind: 'complete' as const, text, voice: voice(i) })),
    ...PAUSED.map(([before, after, pauseMs], i) => ({
      kind: 'paused' as const,
      before,
      after,
      pauseMs,
      voice: voice(i + 1),
    })),
    ...(part === 'all' ? more : []),
  ];
}

/** The recorded human voices' sentences, each said by its recording. */
function humanSet(): EndOfTurnUtterance[] {
  const recorded = recordedSpeech();
  if (recorded === null)
    throw new Error(`no human recordings: ${TESTDATA_DIR} (apt-get install pocketsphinx-testdata)`);
  return recorded.map((r) => ({ kind: 'complete', text: r.text, voice: 'human', recorded: r.id }));
}

/** What a part's result files add to their name: nothing for `all`, else `-<part>`. */
export function resultSuffix(part: SetPart): string {
  return part === 'all' ? '' : `-${part}`;
}

/** Who says it, for the report: the voice, and the harder set's rate and pitch. */
export function speakerName(u: EndOfTurnUtterance): string {
  if (u.kind === 'complete' && u.recorded !== undefined) return `human ${u.recorded}`;
  const s = u.speaker;
  if (!s) return u.voice;
  return `${s.voice} ×${s.stretch}${s.f0Hz === undefined ? '' : ` ${s.f0Hz} Hz`}`;
}

/** What the utterance says, whole. */
export function wholeText(u: EndOfTurnUtterance): string {
  return u.kind === 'complete' ? u.text : `${u.before} ${u.after}`;
}
