import type { TranscriptPartialMessage } from '@parley/shared';

/** The words of an utterance, as a `transcript.partial` tells them. */
export type Words = Omit<TranscriptPartialMessage, 'type'>;

/**
 * The words the client was last told of the utterance being spoken, kept to be told again to a
 * client that resumes: a `transcript.partial` carries no `seq` and is not journaled, so words
 * sent while the socket was down (or dead without a close) never reached it, and its
 * turn-taking would judge a sound over the reply on stale words, or on none
 * (docs/decisions.md#words-across-a-reconnect-the-latest-told-again-not-journaled).
 *
 * Only the latest is kept, since each supersedes the one before; what an earlier one told that a
 * later one leaves out is carried over: the furthest `coversSeq` (its words' coverage only grows;
 * the latest words cover at least as far) and the stop phrases spotted (a list that only grows).
 * Pure: one utterance at a time, as the session hears them.
 */
export class LatestWords {
  private kept: Words | null = null;

  /** `words` went to the client (or would have, with no connection attached). */
  told(words: Words): void {
    const before = this.kept?.turnId === words.turnId ? this.kept : null;
    const coversSeq = furthest(before?.coversSeq, words.coversSeq);
    const spotted = words.spotted ?? before?.spotted;
    this.kept = {
      ...words,
      ...(coversSeq === undefined ? {} : { coversSeq }),
      ...(spotted === undefined ? {} : { spotted }),
    };
  }

  /** What to tell a client that resumes of turn `turnId`'s utterance; null: nothing kept. */
  of(turnId: number | undefined): TranscriptPartialMessage | null {
    const kept = this.kept;
    if (kept === null || kept.turnId !== turnId) return null;
    return { type: 'transcript.partial', ...kept };
  }
}

function furthest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}
