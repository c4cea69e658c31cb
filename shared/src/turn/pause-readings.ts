import { owingReading, type OtherReading } from './other-readings.ts';
import { closedHearsLastWord, type WordsVerdict } from './turn-words.ts';

/**
 * The readings of one pause weighed against each other (pure): the recogniser's running
 * hypothesis, and its closed segment with the other readings it weighed (end-of-turn.ts).
 */

/** Which kind of words waits longer (as `BASE_WAIT_MS` orders them): the more patient one. */
const PATIENCE: Readonly<Record<WordsVerdict['kind'], number>> = {
  complete: 0,
  unknown: 1,
  incomplete: 2,
};

/** One reading of a pause: its words, and what they say. */
export interface Reading {
  text: string;
  verdict: WordsVerdict;
}

/**
 * Complete closed words, doubted where a close other reading owes words (see `owingReading`):
 * the pause waits as after words that go on.
 */
export function doubted(
  reading: Reading,
  others: readonly OtherReading[],
  language: string | undefined,
): Reading {
  if (reading.verdict.kind !== 'complete') return reading;
  const owing = owingReading(reading.text, others, language);
  if (owing === undefined) return reading;
  const reason = `${reading.verdict.reason}, or "${owing.text}" (${owing.gap} behind)`;
  return { text: reading.text, verdict: { kind: 'incomplete', reason } };
}

/**
 * Of two readings of the same pause, the one to wait on: the more patient one where they
 * disagree, else whichever has come. The closed reading is scored as a whole sentence, `</s>`
 * included, so where the audio stops mid-sentence it leans to words that can end one ("opening
 * hours of the" closed as "… of that", "capital of" as "capital", "is at" as "his act"): a
 * running hypothesis that still owes words is then the likelier truth — except where the closed
 * reading only hears out the last word the hypothesis had not yet ("what time is a" closed as
 * "what time is it", `closedHearsLastWord`): a whole question, not one owing words.
 */
export function weigh(
  hypothesis: Reading | null,
  closed: Reading | null,
  language: string | undefined,
): WordsVerdict | null {
  if (hypothesis === null || closed === null) return (closed ?? hypothesis)?.verdict ?? null;
  if (closedHearsLastWord(hypothesis.text, closed.text, language)) return closed.verdict;
  return PATIENCE[hypothesis.verdict.kind] > PATIENCE[closed.verdict.kind]
    ? hypothesis.verdict
    : closed.verdict;
}
