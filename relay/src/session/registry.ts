import type { SessionOwnership } from '../cluster/shared-state.ts';
import type { SessionSlots } from '../limits/session-slots.ts';
import { describeError } from '../errors.ts';
import type { Session } from './session.ts';

/**
 * Live sessions by id, attached or waiting for a resume. A detached session is closed when
 * its grace period ends without a resume: every entry has an eviction rule. With several
 * relays, each session here is one this relay owns (see {@link SessionOwnership}); a session
 * leaves the registry before it is closed, and its ownership goes once it is saved.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly ownership: Pick<SessionOwnership, 'release'>,
    private readonly slots: Pick<SessionSlots, 'detached' | 'reattached'>,
  ) {}

  add(session: Session): void {
    this.sessions.set(session.id, session);
  }

  /** Removes a session (it is being closed by its owner). */
  remove(id: string): void {
    this.claim(id);
    this.sessions.delete(id);
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Sessions waiting for their client to come back. */
  get detachedCount(): number {
    return this.graceTimers.size;
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  /**
   * The session lost its connection: keep it `graceMs` for a resume, then close it. Meanwhile a
   * newer session of its user may take its slot (see `SessionSlots.detached`).
   */
  detached(session: Session, graceMs: number, onExpire: (s: Session) => void): void {
    this.claim(session.id);
    const timer = setTimeout(() => {
      this.graceTimers.delete(session.id);
      this.sessions.delete(session.id);
      onExpire(session);
    }, graceMs);
    timer.unref();
    this.graceTimers.set(session.id, timer);
    this.slots.detached(session.userId, session.id).catch((err: unknown) => {
      // The slot stays held as if attached: the cap may refuse a new session meanwhile.
      session.log.warn({ err: describeError(err) }, 'could not mark the session as waiting');
    });
  }

  /**
   * A client resumes `session`, held here: its slot is its own again and its grace period ends.
   * False when a newer session of its user took the slot (that session is being ended) or the
   * grace period ended meanwhile: it cannot be resumed.
   */
  async reattach(session: Session): Promise<boolean> {
    const slotKept = await this.slots.reattached(session.userId, session.id);
    if (!slotKept || this.sessions.get(session.id) !== session) return false;
    this.claim(session.id);
    return true;
  }

  /** A client resumed the session: stop its grace timer. */
  claim(id: string): void {
    const timer = this.graceTimers.get(id);
    if (timer) clearTimeout(timer);
    this.graceTimers.delete(id);
  }

  /**
   * Relay shutdown: stops every session without ending it — each saves its resume state, so
   * its client can take it back from the restarted relay.
   */
  async suspendAll(): Promise<void> {
    const all = this.all();
    for (const id of [...this.graceTimers.keys()]) this.claim(id);
    this.sessions.clear();
    await Promise.allSettled(
      all.map(async (s) => {
        await s.close('relay restarting', { resumable: true });
        await this.ownership.release(s.id);
      }),
    );
  }

  /**
   * Another relay takes this session over (its client came back there): it is saved for a
   * resume, closed here, and let go. Its connection, if any, is told to reconnect.
   */
  async handOver(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.remove(id);
    session.movedAway();
    await session.close('moved to another relay', { resumable: true });
  }

  /** Closes every session (and waits for their records to be written). */
  async closeAll(reason: string): Promise<void> {
    const all = this.all();
    for (const id of [...this.graceTimers.keys()]) this.claim(id);
    this.sessions.clear();
    await Promise.allSettled(
      all.map(async (s) => {
        await s.close(reason);
        await this.ownership.release(s.id);
      }),
    );
  }
}
