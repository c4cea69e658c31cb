import type { RelayError } from '../../errors.ts';

/** The turn being answered: what stops it, and what finishing it looks like. */
interface Running {
  turnId: number;
  abort: AbortController;
  done: Promise<void>;
}

/**
 * The session's turn being answered (at most one): a new question supersedes it, an interrupt
 * stops it and says what the user heard of it, closing stops it and waits for its record.
 */
export class ActiveTurn {
  private running: Running | null = null;
  /** What the user heard of interrupted turns still finishing. */
  private readonly heardOf = new Map<number, string>();
  /** Why turns the relay stopped (they ran too long) failed, while they finish. */
  private readonly failedWith = new Map<number, RelayError>();

  /** `turnId` is being answered under `abort`; `done` settles once it is recorded. */
  start(turnId: number, abort: AbortController, done: Promise<void>): void {
    const running = { turnId, abort, done };
    this.running = running;
    void done.finally(() => {
      if (this.running === running) this.running = null;
    });
  }

  /** Stops the turn being answered, if any (a new question, the session closing). */
  stop(reason: string): void {
    this.running?.abort.abort(new Error(reason));
  }

  /**
   * The user interrupted `turnId` after hearing `heard`: stopped, and its result will say so.
   * False when that turn is not the one being answered.
   */
  interrupt(turnId: number, heard: string): boolean {
    if (this.running?.turnId !== turnId) return false;
    this.heardOf.set(turnId, heard);
    this.running.abort.abort(new Error('interrupted'));
    return true;
  }

  /**
   * The relay gives up on `turnId` (it ran far too long): stopped, and its result will be a
   * failure with `err`. False when that turn is not the one being answered.
   */
  fail(turnId: number, err: RelayError): boolean {
    if (this.running?.turnId !== turnId) return false;
    this.failedWith.set(turnId, err);
    this.running.abort.abort(err);
    return true;
  }

  /** Why the relay stopped `turnId`, if it did (once: it is forgotten). */
  takeFailure(turnId: number): RelayError | undefined {
    const err = this.failedWith.get(turnId);
    this.failedWith.delete(turnId);
    return err;
  }

  /** Whether a turn is being answered. */
  get answering(): boolean {
    return this.running !== null;
  }

  /** Whether `turnId` is the turn being answered. */
  isAnswering(turnId: number): boolean {
    return this.running?.turnId === turnId;
  }

  /** What the user heard of `turnId` if they interrupted it (once: it is forgotten). */
  takeHeard(turnId: number): string | undefined {
    const heard = this.heardOf.get(turnId);
    this.heardOf.delete(turnId);
    return heard;
  }

  /** Resolves when the turn being answered (if any) has finished and been recorded. */
  async idle(): Promise<void> {
    await this.running?.done;
  }
}
