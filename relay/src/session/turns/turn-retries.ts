/** Questions of finished turns kept for a retry, the newest: a retry is of a recent turn. */
const KEPT_QUESTIONS = 32;

/**
 * What a session keeps to ask a turn's question again (`turn.retry`): the words of its latest
 * finished turns, and which retry being answered replaces which turn (its record replaces the
 * old one's when stored).
 */
export class TurnRetries {
  /** The words of the turns finished lately, by turn id (oldest first). */
  private readonly questions = new Map<number, string>();
  /** Each retry being answered, and the turn it replaces. */
  private readonly replacing = new Map<number, number>();

  /**
   * Turn `turnId` asks turn `retryOf`'s question again: the words to ask — kept here, else as
   * `stored` has them (a turn this relay did not answer), else as the page shows them (`text`:
   * a turn of an earlier conversation).
   */
  async retry(
    turnId: number,
    { retryOf, text }: { retryOf: number; text: string },
    stored?: (turnId: number) => Promise<string | null>,
  ): Promise<string> {
    this.replacing.set(turnId, retryOf);
    const kept = this.questions.get(retryOf);
    return kept ?? ((await stored?.(retryOf).catch(() => null)) || text);
  }

  /**
   * Turn `turnId` finished with the words `transcript`: kept for a retry of it. The turn it
   * replaces, when it is a retry.
   */
  finished(turnId: number, transcript: string): number | undefined {
    if (transcript !== '') {
      this.questions.delete(turnId);
      this.questions.set(turnId, transcript);
      for (const oldest of this.questions.keys()) {
        if (this.questions.size <= KEPT_QUESTIONS) break;
        this.questions.delete(oldest);
      }
    }
    const replaces = this.replacing.get(turnId);
    this.replacing.delete(turnId);
    return replaces;
  }
}
