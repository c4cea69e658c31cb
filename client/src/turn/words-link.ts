/**
 * Whether the recogniser's words can reach the page: only while the connection to the relay is
 * up. While it is down, a wait for words must not run out on the words it has; once it is back
 * (the relay tells the words again), the wait counts from then.
 */
export class WordsLink {
  private down = false;

  /** Words can come now (the connection is up). */
  get up(): boolean {
    return !this.down;
  }

  /**
   * The connection went down (`up` false) or came back. True only when it came back after being
   * down: the moment waits for words count again from.
   */
  update(up: boolean): boolean {
    if (up !== this.down) return false;
    this.down = !up;
    return up;
  }
}
