/**
 * Where one utterance's audio went in its decoder's input, which also carries what is no audio
 * of it (the silence and end marks between and inside utterances, the utterances before it):
 * so that what the decoder says it has read ("@ <samples>", see relay/native/parley-sphinx.c)
 * says how much of the utterance's own audio the words it told account for.
 */
export class AudioPlacement {
  /** Its audio in the input, in runs: where each starts (input byte), its first byte of the utterance's, its length. */
  private readonly runs: { at: number; from: number; bytes: number }[] = [];
  private placed = 0;
  /** Of its audio, the bytes last said covered. */
  private told = 0;

  /** `bytes` more of its audio, written at byte `at` of the decoder's input. */
  place(at: number, bytes: number): void {
    const last = this.runs.at(-1);
    if (last && last.at + last.bytes === at) last.bytes += bytes;
    else this.runs.push({ at, from: this.placed, bytes });
    this.placed += bytes;
  }

  /** Bytes of its audio within the decoder's first `read` bytes of input. */
  coveredBy(read: number): number {
    for (let i = this.runs.length - 1; i >= 0; i--) {
      const run = this.runs[i];
      if (run && run.at < read) return run.from + Math.min(run.bytes, read - run.at);
    }
    return 0;
  }

  /**
   * The bytes of its audio the decoder's words account for once it has read `read` bytes of
   * input, when that is more than it last told; null otherwise (nothing new to tell).
   */
  advance(read: number): number | null {
    const covered = this.coveredBy(read);
    if (covered <= this.told) return null;
    this.told = covered;
    return covered;
  }
}
