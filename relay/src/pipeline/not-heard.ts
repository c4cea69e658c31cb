import { abortable } from '../abortable.ts';
import { describeError } from '../errors.ts';
import { relayLines } from '../lines/relay-lines.ts';
import { spokenAsOf } from './spoken-as.ts';
import type { TurnOptions, TurnResult } from './turn-options.ts';
import { TurnSpeech } from './turn-speech.ts';

/**
 * The recogniser failed on the user's words (the client has been told): the user hears so in
 * the reply's voice and language — "Sorry, I didn't catch that — could you say it again?" —
 * rather than silence, as when no language model answers. Said as an aside (no part of the
 * reply's text: the turn has no words of either side), billed to the voice that says it. Not
 * for a text-only turn nor a speculative one (its answer is not the user's yet); a voice that
 * fails too leaves the notice alone.
 *
 * @param startedAt When the turn started (its `now()`): its first audio is timed from it.
 */
export async function sayNotHeard(
  o: TurnOptions,
  result: TurnResult,
  startedAt: number,
): Promise<void> {
  if (o.silent || o.speculative) return;
  const prefs = o.preferences ? await abortable(o.preferences, o.signal).catch(() => null) : null;
  // Read through a call: the signal may abort while the line is said.
  const stopped = () => o.signal.aborted;
  if (stopped()) return;
  const line = relayLines(prefs?.language).notHeard;
  const speech = new TurnSpeech({
    turn: o,
    startedAt,
    result,
    spokenAs: spokenAsOf(prefs),
    failed: new Set(),
  });
  try {
    await speech.sayOnly(o.providers.tts, { aside: line });
  } catch (err) {
    if (!stopped())
      o.log.warn({ err: describeError(err) }, 'could not say that the words were not heard');
  }
}
