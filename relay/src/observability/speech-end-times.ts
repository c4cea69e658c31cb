/** Longer than this is a client clock jump or a stale turn, not a latency (ms). */
const MAX_VOICE_TO_VOICE_MS = 120_000;

/**
 * The client's end-of-speech time of recent spoken turns (from `utterance.end`), to pair with
 * their `playback.started`: both are on the client's clock, so their difference is the
 * voice-to-voice time the user lived, with no clock offset to estimate. Bounded: the oldest
 * turns are forgotten first, and each is forgotten once used.
 */
export class SpeechEndTimes {
  private readonly ends = new Map<number, number>();

  /** @param capacity Turns remembered at most. */
  constructor(private readonly capacity = 8) {}

  /** Number of turns remembered. */
  get size(): number {
    return this.ends.size;
  }

  /** The user stopped speaking for `turnId` at `speechEndAtMs` (client epoch ms). */
  record(turnId: number, speechEndAtMs: number): void {
    this.ends.delete(turnId);
    this.ends.set(turnId, speechEndAtMs);
    for (const oldest of this.ends.keys()) {
      if (this.ends.size <= this.capacity) break;
      this.ends.delete(oldest);
    }
  }

  /**
   * The reply of `turnId` started playing at `playedAtMs` (client epoch ms): its voice-to-voice
   * time in seconds, or null when the turn is unknown (typed, forgotten, already reported) or
   * the times make no sense. Forgets the turn.
   */
  take(turnId: number, playedAtMs: number): number | null {
    const end = this.ends.get(turnId);
    if (end === undefined) return null;
    this.ends.delete(turnId);
    const ms = playedAtMs - end;
    if (!(ms >= 0 && ms <= MAX_VOICE_TO_VOICE_MS)) return null;
    return ms / 1000;
  }

  /** Forgets `turnId` (its reply had no audio: nothing will play). */
  forget(turnId: number): void {
    this.ends.delete(turnId);
  }

  clear(): void {
    this.ends.clear();
  }
}
