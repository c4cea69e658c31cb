/**
 * Which of an utterance's pauses and resumes are news, and which repeat what the relay was told
 * already. A client resumed after an outage replays the utterance's unacknowledged chunks with
 * its pauses and resumes in their place (so a relay that lost the utterance cuts it where it was
 * cut live); to the relay that still has it, the pauses behind the audio it holds are old: one
 * acted on there would cut the speech again, further back, and drop the answer under way.
 * Pure: told each pause and resume in arrival order, it says whether to act on it.
 */
export class ReplayedPauses {
  /** The pause acted on last (its `lastSeq`) while it stands (no resume since); null: none. */
  private standing: number | null = null;
  /** The last pause was a replayed one: the resume after it is too. */
  private replayed = false;

  /**
   * A pause after chunk `lastSeq`, the relay holding audio up to `heardSeq`: false when it is a
   * replay (audio past it is here already, or it is the standing pause told again).
   */
  pause(lastSeq: number, heardSeq: number): boolean {
    // Told again while it stands: the resume that follows, if any, is news.
    if (lastSeq === this.standing) return false;
    if (lastSeq < heardSeq) {
      this.replayed = true;
      return false;
    }
    this.standing = lastSeq;
    this.replayed = false;
    return true;
  }

  /** A resume: false when it follows a replayed pause. */
  resume(): boolean {
    if (this.replayed) {
      this.replayed = false;
      return false;
    }
    this.standing = null;
    return true;
  }
}
