/**
 * The reply the user awaits or hears: the turn they last finished, whether its audio is playing,
 * whether the relay finished it, and whether any of it was heard. Plain state with the rules of
 * its own events; the turn machine owns it and decides what the user's sounds do to it.
 */
export class ReplyTrack {
  private awaited: number | null = null;
  private audible = false;
  /** The last reply whose audio started playing (some of it may have been heard). */
  private heardTurn: number | null = null;
  /** The relay finished the reply awaited (all its audio has arrived). */
  private finished = false;

  /** The reply being played or awaited (the turn the user last finished); null: none. */
  get turnId(): number | null {
    return this.awaited;
  }

  /** Its audio is playing (it may be ducked). */
  get playing(): boolean {
    return this.audible;
  }

  /** Some of the reply awaited has played: stopping it is a barge-in, not a cancel. */
  get heard(): boolean {
    return this.awaited !== null && this.heardTurn === this.awaited;
  }

  /** The user's utterance that will be answered as `turnId` ended (null: none will be). */
  awaits(turnId: number | null): void {
    this.awaited = turnId;
    this.finished = false;
  }

  /** The reply is cut or cancelled: returns its turn; none is awaited or playing after. */
  stop(): number | null {
    const turnId = this.awaited;
    this.awaited = null;
    this.audible = false;
    return turnId;
  }

  /** Audio of `turnId` started playing; false when it is not the reply awaited (a stale one). */
  started(turnId: number): boolean {
    if (this.awaited !== null && turnId !== this.awaited) return false;
    if (this.awaited !== turnId) this.finished = false;
    this.awaited = turnId;
    this.audible = true;
    this.heardTurn = turnId;
    return true;
  }

  /**
   * Everything queued has played. Heard to the end once the relay finished it: nothing is left
   * to interrupt or cancel. (A drain before that is the network or TTS running behind: the
   * reply is still coming.)
   */
  drained(): void {
    this.audible = false;
    if (this.finished) this.awaited = null;
  }

  /**
   * The relay finished `turnId` (`hadAudio`: some of it was audio). True when that ends the
   * reply awaited: it had no audio, or none is playing; one still playing ends at its drain.
   */
  done(turnId: number, hadAudio: boolean): boolean {
    if (turnId !== this.awaited) return false;
    this.finished = true;
    if (hadAudio && this.audible) return false;
    this.awaited = null;
    return true;
  }
}
