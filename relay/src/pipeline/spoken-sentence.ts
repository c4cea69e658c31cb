import type { WrittenText } from '../providers/stages/tts.ts';
import type { SpokenText } from './reply-segments.ts';

/** A sentence (a segment of the reply) being said. */
export interface Sentence {
  /** Its segment on the wire (sentences in order of arrival). */
  readonly index: number;
  /** Its text; still being written when its voice takes text as it streams. */
  readonly text: string | WrittenText;
  /**
   * Announced to the client, with its first audio — or, begun before its text was whole, once
   * it is (from where its audio began, {@link heardFrom}): text never spoken has no segment.
   */
  announced: boolean;
  /** Where its audio began, when that was before its text was whole (reply samples). */
  heardFrom: number | null;
  /** A voice broke off in it audibly: the next voice's first audio comes after a pause. */
  pauseOwed: boolean;
  /** Said in the reply's voice but no part of the reply: announced with no words. */
  readonly aside?: boolean;
}

/** A sentence's text: whole, or as much as has been written of it. */
export function textSoFar(sentence: Sentence): string {
  const { text } = sentence;
  return typeof text === 'string' ? text : (text.whole ?? text.soFar);
}

/** The whole text of a segment, once written. */
export function wholeText(spoken: SpokenText, signal: AbortSignal): Promise<string> | string {
  return typeof spoken === 'string' ? spoken : spoken.written(signal);
}

/**
 * The text a sentence is announced with: whole, or null while it is still being written (`last`:
 * its call is over, and it is announced as far as it was written).
 */
export function announcedText(sentence: Sentence, last: boolean): string | null {
  const { text } = sentence;
  return typeof text === 'string' ? text : (text.whole ?? (last ? text.soFar : null));
}
