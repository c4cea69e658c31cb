import type { ServerMessage } from '@parley/shared';
import type { ContinueFrom } from '../parley-call-types.ts';
import type { CallView } from './call-deps.ts';
import type { CallSink, SessionEvent } from './call-sink.ts';

/**
 * Whether a confirmation awaits the user's yes or no, from what the call told: the last
 * `tool.confirm` asked, not answered by a tap, not closed by the relay, and no later turn (the
 * relay takes the user's next words as the answer). The app's `questionOpen(entries)` says the
 * same from its transcript (web/src/state/tool-calls.ts).
 */
export class QuestionWatch {
  private asked: { confirmId: string; turnId: number } | null = null;

  /** A relay message: a question asked or closed, or anything of a later turn. */
  message(m: ServerMessage): void {
    if (m.type === 'tool.confirm') this.asked = { confirmId: m.confirmId, turnId: m.turnId };
    else if (m.type === 'tool.closed' && this.asked?.confirmId === m.confirmId) this.asked = null;
    else if ('turnId' in m && m.turnId !== undefined) this.userTurn(m.turnId);
  }

  /** A turn began (the user's, or the relay's of it): a question of an earlier turn waits no more. */
  userTurn(turnId: number): void {
    if (this.asked && turnId > this.asked.turnId) this.asked = null;
  }

  /** The user tapped an answer to `confirmId`. */
  answered(confirmId: string): void {
    if (this.asked?.confirmId === confirmId) this.asked = null;
  }

  get open(): boolean {
    return this.asked !== null;
  }
}

/**
 * What a call made by `createParleyCall` reads of its conversation when the page does not say
 * (see CallView): the next turn id (the highest it sent or heard, + 1, seeded by
 * `continueFrom.lastTurnId`), whether a question is open, "speak replies", and the stored
 * conversation to continue (forgotten once continued or refused). It learns them from the
 * call's own sink (`observe`), before the page hears of them.
 */
export class PackageView implements CallView {
  private lastTurnId = 0;
  private readonly questions = new QuestionWatch();
  private continuation: ContinueFrom | null = null;

  constructor(
    private speak: boolean,
    continueFrom: ContinueFrom | null,
  ) {
    this.continueFrom(continueFrom);
  }

  /** What the view learns from the call's sink (called before the page's listeners). */
  readonly observe: Pick<CallSink, 'message' | 'transcript' | 'turn' | 'session'> = {
    message: (m) => {
      this.questions.message(m);
      if ('turnId' in m && m.turnId !== undefined) this.saw(m.turnId);
    },
    transcript: ({ turnId }) => {
      this.saw(turnId);
      this.questions.userTurn(turnId);
    },
    turn: ({ turnId }) => this.saw(turnId),
    session: (e: SessionEvent) => {
      if (e.kind === 'continued' || e.kind === 'not-continued') this.continuation = null;
    },
  };

  nextTurnId(): number {
    return this.lastTurnId + 1;
  }

  questionOpen(): boolean {
    return this.questions.open;
  }

  speakReplies(): boolean {
    return this.speak;
  }

  continuing(): { sessionId: string } | null {
    return this.continuation;
  }

  setSpeakReplies(on: boolean): void {
    this.speak = on;
  }

  /** The next connection continues `c` (null: a new conversation); turns follow its last. */
  continueFrom(c: ContinueFrom | null): void {
    this.continuation = c;
    if (c) this.lastTurnId = Math.max(this.lastTurnId, c.lastTurnId);
  }

  /** The user tapped an answer (see QuestionWatch). */
  answered(confirmId: string): void {
    this.questions.answered(confirmId);
  }

  private saw(turnId: number): void {
    this.lastTurnId = Math.max(this.lastTurnId, turnId);
  }
}
