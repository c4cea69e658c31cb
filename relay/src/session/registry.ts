import type { Session } from './session.ts';

/** Live sessions by id. Sessions leave it when their connection closes. */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();

  add(session: Session): void {
    this.sessions.set(session.id, session);
  }

  remove(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Closes every session (shutdown). */
  closeAll(reason: string): void {
    for (const s of this.sessions.values()) s.close(reason);
    this.sessions.clear();
  }
}
