/**
 * The harder half of the end-of-turn set (issue 52): pauses where the recogniser mishears the
 * word the rules judge — after "for", "about the", "at", inside numbers — spoken by more voices
 * (Flite's four at other pitches) at other speaking rates, with complete sentences of the same
 * words. Unlike the first set, each paused sentence is synthesised whole and the pause inserted
 * at its word boundary (Flite's own segment times), so the voice before the pause is a voice
 * going on: no final fall, no final lengthening, as a person who pauses mid-sentence.
 */

/** How a harder utterance is spoken: a Flite voice, its speaking rate and pitch. */
export interface Speaker {
  voice: string;
  /** Flite's `duration_stretch`: above 1 is slower. */
  stretch: number;
  /** Flite's `int_f0_target_mean` (Hz); absent: the voice's own. */
  f0Hz?: number;
}

/** Six speakers: the four voices, two of them again at another pitch, at five rates. */
export const SPEAKERS: readonly Speaker[] = [
  { voice: 'slt', stretch: 1 },
  { voice: 'rms', stretch: 1.25 },
  { voice: 'awb', stretch: 0.85 },
  { voice: 'kal16', stretch: 1.1 },
  { voice: 'slt', stretch: 0.9, f0Hz: 220 },
  { voice: 'awb', stretch: 1.3, f0Hz: 100 },
];

/** Before the pause, after it, the pause (ms). */
export const HARDER_PAUSED: readonly [string, string, number][] = [
  ['set a timer for', 'twenty minutes', 600],
  ['tell me about the', 'history of rome', 700],
  ['meet me at', 'the station', 500],
  ['it is twenty', 'five past nine', 600],
  ['the train leaves at', 'seven thirty', 800],
  ['I need a table for', 'four people', 500],
  ['what do you know about the', 'moon', 900],
  ['call me at', 'noon', 600],
  ['set an alarm for', 'six', 700],
  ['the code is four', 'seven two', 500],
  ['I was born in nineteen', 'ninety', 600],
  ['remind me about the', 'meeting', 800],
  ['look at', 'this picture', 400],
  ['I paid fifty', 'dollars', 700],
  ['the flight is at', 'ten', 900],
  ['search for', 'cheap hotels', 600],
  ['tell me more about', 'paris', 500],
  ['we arrive at', 'midnight', 700],
  ['add thirty', 'minutes', 600],
  ['is there a bus at', 'eight', 800],
  ['wait for', 'me', 500],
  ['I am looking for', 'a pharmacy', 1000],
  ['the room number is three', 'twelve', 600],
  ['what about the', 'car', 800],
  ['order a pizza for', 'dinner', 600],
  ['set the temperature to twenty', 'two', 500],
  ['I will be there at', 'six', 900],
  ['count to forty', 'five', 600],
  ['we need two', 'more chairs', 700],
  ['put it on the list for', 'monday', 800],
];

/** Complete sentences of the same words. */
export const HARDER_COMPLETE: readonly string[] = [
  'set a timer for twenty minutes',
  'tell me about the weather',
  'meet me at the station',
  'the train leaves at seven',
  'I need a table for four',
  'call me at noon',
  'the code is four seven two',
  'I paid fifty dollars',
  'search for cheap hotels',
  'what about the car',
  'wait for me',
  'we arrive at midnight',
  'look at this picture',
  'order a pizza for dinner',
  'I will be there at six',
  'play something relaxing',
  'the room number is three twelve',
  'add thirty minutes',
  'what is the time in tokyo',
  'is there a bus at eight',
];
