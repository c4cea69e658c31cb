import { CloseCode } from '../protocol/messages.ts';
import { ClientResume } from './client-resume.ts';
import type { ResilientConnectionOptions } from './connection-options.ts';
import type { HandOffResume } from './page-hand-off.ts';
import { ResilientConnection } from './resilient-connection.ts';

export interface HandOffConnectionOptions extends ResilientConnectionOptions {
  /**
   * The session the page before this one handed over (see page-hand-off.ts): the first `hello`
   * resumes it. A first attempt that fails for a reason worth a retry is then retried, as a
   * reconnect is.
   */
  resumeFrom?: HandOffResume | undefined;
}

/**
 * A page's {@link ResilientConnection}, which a page load within the site does not end: it can
 * take the session the tab's page before handed over (`resumeFrom`) and hand its own to the
 * next page (`handOff`, then `leave`), the microphone's seqs going on across them
 * (docs/design/call-across-pages.md).
 */
export class HandOffConnection extends ResilientConnection {
  constructor(o: HandOffConnectionOptions) {
    const capacity = o.replayCapacityChunks ?? 300;
    super(
      o,
      o.resumeFrom ? ClientResume.fromHandOff(o.resumeFrom, capacity) : new ClientResume(capacity),
    );
  }

  /**
   * The seq a new microphone stream starts at: above every chunk of the session (0 for a new
   * one; above the chunks of the page before, for a session it handed over).
   */
  get nextMicSeq(): number {
    return this.resume.nextMicSeq;
  }

  /**
   * What the next page of the tab needs to resume the session (null before the relay accepted
   * one). See page-hand-off.ts.
   */
  handOff(): Omit<HandOffResume, 'cutTurnId'> | null {
    return this.resume.handOff();
  }

  /**
   * The page goes away and hands the session to its next page: the socket is closed saying so
   * (`HandedOff`: the relay keeps the session for its resume grace), and nothing more is tried.
   */
  leave(): void {
    this.end(CloseCode.HandedOff, 'the page went away, handing the session to the next one');
  }
}
