import type { HelloMessage } from '@parley/shared';
import type { Identity } from '../auth/index.ts';
import { continueSession } from './continue-session.ts';
import { endSession, findSessionToResume, openSession } from './handshake.ts';
import type { Session, SessionLink } from './session.ts';
import type { SessionServices } from './session-services.ts';

/**
 * Where connections find their sessions: a new one opened, one resumed (from this relay, from
 * storage, or handed over by another relay), one left waiting for its client, one ended.
 */
export class SessionDirectory {
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
    return findSessionToResume(this.services, identity, resume, link);
  }

  /** One of `identity`'s past conversations, opened again (see `continueSession`). */
  continue(
    identity: Identity,
    hello: HelloMessage,
    sessionId: string,
    link: SessionLink,
  ): Promise<Session> {
    return continueSession(this.services, identity, hello, sessionId, link);
  }

  /** The session lost its connection: it waits `RESUME_GRACE_S` for its client, then ends. */
  awaitResume(session: Session): void {
    const { registry, settings } = this.services;
    registry.detached(session, settings.resumeGraceMs, (s) => {
      void endSession(this.services, s, 'resume grace expired');
    });
  }

  /** The session ends for good (its user ended it, or it failed for good). */
  end(session: Session, reason: string): void {
    this.services.registry.remove(session.id);
    void endSession(this.services, session, reason);
  }
}
