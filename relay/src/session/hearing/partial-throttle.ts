/**
 * Interim transcripts of the utterance being spoken, at most one per `intervalMs`, and only
 * when the text changed: the first goes out at once, a newer one within the interval waits for
 * its end (only the latest is kept: a partial replaces the previous one on screen). A recogniser
 * may print a hypothesis every 128 ms of audio; the user's bubble needs a few a second.
 *
 * Each carries the last seq the words were known to cover when it went out (`coversSeq`, where
 * the recogniser says: see {@link covered}); with `coverageAlone`, the words' coverage reaching
 * a further seq is sent too, with the words as they were (a sound over the reply is judged on
 * it).
 */
export class PartialThrottle {
  private lastSent = '';
  private lastAtMs = Number.NEGATIVE_INFINITY;
  private held: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The last seq the words are known to cover (undefined: none said). */
  private covers: number | undefined;
  private stopped = false;

  constructor(
    private readonly send: (text: string, coversSeq?: number) => void,
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly coverageAlone = false,
  ) {}

  /** The words told so far account for the audio up to `seq` (the recogniser read it). */
  covered(seq: number): void {
    if (this.stopped || (this.covers !== undefined && seq <= this.covers)) return;
    this.covers = seq;
    // Words held for the interval take it with them.
    if (!this.coverageAlone || this.timer !== null) return;
    this.send(this.lastSent, seq);
  }

  /** The recogniser's hypothesis so far. */
  push(text: string): void {
    if (this.timer !== null) {
      this.held = text;
      return;
    }
    const wait = this.lastAtMs + this.intervalMs - this.now();
    if (wait <= 0) return this.emit(text);
    this.held = text;
    this.timer = setTimeout(() => this.release(), wait);
  }

  /** The utterance ended (or was dropped): nothing held goes out any more. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.held = null;
  }

  private release(): void {
    this.timer = null;
    const text = this.held;
    this.held = null;
    if (text !== null) this.emit(text);
  }

  private emit(text: string): void {
    if (text === this.lastSent || text === '') return;
    this.lastSent = text;
    this.lastAtMs = this.now();
    this.send(text, this.covers);
  }
}
