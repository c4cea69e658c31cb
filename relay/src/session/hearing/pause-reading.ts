import { PAUSE_REPORT_MS } from '@parley/shared';
import type { AsrResult, AsrStream } from '../../providers/stages/asr.ts';

/**
 * The longest the relay waits for a streaming recogniser's words to reach a pause (ms): longer
 * than the client holds the end of the turn for them (at most the wait for words not known, at
 * `patient`); past it the answer starts on the words as they are.
 */
export const COVERAGE_WAIT_MS = 1_000;

/** How the words of a pause are read, after the running hypothesis was told. */
export interface PauseReading {
  /**
   * The reading is the one the end of the turn waits for (`closedFollows`): the recogniser
   * closes its words at the pause, or they do not reach it yet.
   */
  follows: boolean;
  /**
   * Another recogniser writes the words answered (see AsrCut.writes): its words come through
   * AsrStartOptions.onWritten, and the closed reading told on the way is the listener's.
   */
  written?: boolean;
  read(): Promise<AsrResult>;
}

/**
 * How the audio up to a pause `pauseEndMs` into the utterance (the end of its audio sent before
 * the pause, whose last {@link PAUSE_REPORT_MS} are silence) is read; null: the recogniser
 * cannot say its words so far. The embedded recogniser cuts there (see AsrCut). A streaming
 * recogniser whose words do not yet reach where the speech stopped is waited for, bounded:
 * the word before a pause that owes more ("to", "voor") comes a few hundred ms after its audio,
 * and the words before it look finished (see AsrCoverage). Else its words so far.
 */
export function pauseReading(asr: AsrStream, pauseEndMs: number): PauseReading | null {
  const snapshot = asr.snapshot?.bind(asr);
  if (snapshot === undefined) return null;
  const cut = asr.capability?.('cut');
  if (cut?.ready() === true)
    return { follows: true, read: snapshot, ...(cut.writes === true ? { written: true } : {}) };
  const coverage = asr.capability?.('coverage') ?? null;
  const speechEndMs = pauseEndMs - PAUSE_REPORT_MS;
  if (coverage !== null && coverage.coveredMs() < speechEndMs)
    return { follows: true, read: () => coverage.reading(speechEndMs, COVERAGE_WAIT_MS) };
  return { follows: false, read: snapshot };
}
