import type { VadEvent } from '../../audio/vad.ts';

/** The VAD segment being spoken: where it began. */
export interface OpenSegment {
  startSample: number;
  paddedStartSample: number;
}

/**
 * The end of an utterance taken on the page the moment its end-of-turn policy finds the turn
 * over, rather than when the voice detector's worker, asked to close its segment, answers with
 * its `speechEnd`. That answer is a round trip through a worker busy with the model's frames,
 * and on two cores under load it took 0–70 ms after the decision (Chromium, held-out set: median
 * 12 ms, four of twelve turns over 40 ms), all of it before the relay heard the turn was over.
 *
 * The page makes the `speechEnd` itself ({@link EndNow.take}), and drops the worker's own end of
 * that segment when it comes ({@link EndNow.absorbs}). Only a segment the detector has confirmed
 * as speech is ended so: an unconfirmed one may still be the detector's misfire, its own call.
 */
export class EndNow {
  private segment: OpenSegment | null = null;
  /** The worker's end of a segment the page already ended is still to come. */
  private owed = false;

  /** The detector opened a segment (its `speechStart`): any end still owed is of an older one. */
  opened(segment: OpenSegment): void {
    this.segment = segment;
    this.owed = false;
  }

  /**
   * The `speechEnd` the page takes now, for the confirmed segment ending at `lastSpeechSample`,
   * decided at `decidedAtSample`; null when there is no open segment to end.
   */
  take(lastSpeechSample: number, decidedAtSample: number): VadEvent | null {
    const segment = this.segment;
    if (segment === null) return null;
    this.segment = null;
    this.owed = true;
    return {
      type: 'speechEnd',
      startSample: segment.startSample,
      paddedStartSample: segment.paddedStartSample,
      endSample: Math.min(lastSpeechSample, decidedAtSample),
      decidedAtSample,
    };
  }

  /**
   * Whether `e` is the worker's end of a segment the page already ended (drop it). Its end is
   * a `speechEnd`, or a `misfire` where the worker judged the segment short after all.
   */
  absorbs(e: VadEvent): boolean {
    if (e.type === 'speechStart') this.owed = false;
    if (e.type !== 'speechEnd' && e.type !== 'misfire') return false;
    this.segment = null;
    if (!this.owed) return false;
    this.owed = false;
    return true;
  }

  /** The detector was reset (the microphone stopped): its segment is gone, no end is owed. */
  reset(): void {
    this.segment = null;
    this.owed = false;
  }
}
