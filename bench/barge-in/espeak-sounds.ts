import {
  espeakSpeakerName,
  espeakSpeakers,
  type BenchLanguage,
} from '../end-of-turn/espeak-set.ts';
import { NOISES, overReplySet, type OverReplySound, type SoundSet } from './sounds.ts';
import { DUTCH_BACKCHANNELS, DUTCH_INTERRUPTIONS } from './sounds-nl.ts';

/**
 * The barge-in bench's sounds in `language`, said by eSpeak NG's six speakers of it in turn (as
 * the end-of-turn bench's, so that languages differ in their words, not their speakers), for a
 * streaming recogniser that is told the script (issue 62). English: the Flite set's phrases
 * (`set`); Dutch: ./sounds-nl.ts. The noises are the same.
 */
export function espeakOverReplySet(language: BenchLanguage, set: SoundSet): OverReplySound[] {
  const speakers = espeakSpeakers(language);
  const said = (kind: 'backchannel' | 'interruption', text: string, i: number) => {
    const speaker = speakers[i % speakers.length] ?? { voice: 'en-us', rateWpm: 175 };
    return { kind, text, voice: espeakSpeakerName(speaker), speaker };
  };
  if (language === 'en')
    return overReplySet(set).map((s, i) => (s.kind === 'noise' ? s : said(s.kind, s.text, i)));
  return [
    ...DUTCH_BACKCHANNELS.map((text, i) => said('backchannel', text, i)),
    ...NOISES,
    ...DUTCH_INTERRUPTIONS.map((text, i) => said('interruption', text, i + 1)),
  ];
}
