import type { HelloMessage } from '@parley/shared';
import type { Identity } from '../auth/index.ts';
import { logFailure } from '../error-tracking/report-error.ts';
import { continueSession } from './continue-session.ts';
import { endSession, findSessionToResume, openSession } from './handshake.ts';
import type { SessionLink } from './wire/attached-link.ts';
import type { Session } from './session.ts';
import type { SessionServices } from './session-services.ts';

/**
 * Where connections find their sessions: a new one opened, one resumed (from this relay, from
 * storage, or handed over by another relay), one left waiting for its client, one ended.
 */
export class SessionDirectory {
  /**
   * Per session id, when the operations on it so far have settled: a resume, a continuation
   * and an end of the same session run one after the other, never interleaved (a client
   * resuming a conversation another connection is continuing would otherwise restore a second
   * copy of it from storage).
   */
  private readonly settled = new Map<string, Promise<void>>();

  constructor(private readonly services: SessionServices) {}

  /** A new session for `identity`, attached to `link` (admitted by the per-user limits). */
  open(identity: Identity, hello: HelloMessage, link: SessionLink): Promise<Session> {
    return openSession(this.services, identity, hello, link);
  }

  /** The session `resume` names, if `identity` may have it back (see `findSessionToResume`). */
  resume(
    identity: Identity,
    resume: NonNullable<HelloMessage['resume']>,
    link: SessionLink,
  ): Promise<Session> {
    return this.serial(resume.sessionId, () =>
      findSessionToResume(this.services, identity, resume, link),
    );
  }

  /** One of `identity`'s past conversations, opened again (see `continueSession`). */
  continue(
    identity: Identity,
    hello: HelloMessage,
    sessionId: string,
    link: SessionLink,
  ): Promise<Session> {
    return this.serial(sessionId, () =>
      continueSession(this.services, identity, hello, sessionId, link),
    );
  }

  /** The session lost its connection: it waits `RESUME_GRACE_S` for its client, then ends. */
  awaitResume(session: Session): void {
    const { registry, settings } = this.services;
    registry.detached(session, settings.resumeGraceMs, (s) => {
      this.ending(s, 'resume grace expired');
    });
  }

  /** The session ends for good (its user ended it, or it failed for good). */
  end(session: Session, reason: string): void {
    this.services.registry.remove(session.id);
    this.ending(session, reason);
  }

  /** Ends `session` now; what comes next for its id waits until its end is stored. */
  private ending(session: Session, reason: string): void {
    const ended = endSession(this.services, session, reason).catch((err: unknown) =>
      logFailure(session.log, err, 'could not end the session'),
    );
    this.hold(session.id, ended);
  }

  /** Runs `task` once every earlier operation on session `id` has settled. */
  private serial<T>(id: string, task: () => Promise<T>): Promise<T> {
    const run = (this.settled.get(id) ?? Promise.resolve()).then(task);
    this.hold(id, run);
    return run;
  }

  /** Later operations on session `id` wait for `work` (under way) to settle. */
  private hold(id: string, work: Promise<unknown>): void {
    const previous = this.settled.get(id) ?? Promise.resolve();
    const settled = Promise.all([previous, work.catch(() => undefined)]).then(() => undefined);
    this.settled.set(id, settled);
    void settled.then(() => {
      if (this.settled.get(id) === settled) this.settled.delete(id);
    });
  }
}
