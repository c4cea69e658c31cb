import type { Release } from './concurrency.ts';

/**
 * Sessions a user holds open at once, across every relay. A session waiting for its client to
 * resume holds its slot, but gives it up to a newer session of its user when the user is at the
 * cap: a dropped connection must not lock its user out, and the cap still holds.
 */
export interface SessionSlots {
  readonly maxPerUser: number;
  /**
   * Takes a slot for `sessionId` of `userId` (taking it again for the same session is free).
   * When the user holds every slot and one of them is a session waiting for a resume (see
   * {@link detached}), the slot of the one that has waited longest is taken over: that session
   * is handed to the {@link onTakenOver} handler of the relay holding it, to end. Returns the
   * release, or null when the user holds `maxPerUser` sessions none of which waits, when
   * `sessionId`'s own slot was taken over, or — in memory — when the relay tracks as many users
   * as it may (`atUserLimit` tells these apart).
   */
  acquire(userId: string, sessionId: string): Promise<Release | null>;
  /** Whether `userId` holds every slot it may. */
  atUserLimit(userId: string): Promise<boolean>;
  /** `sessionId` lost its connection and waits for a resume: a newer session may take its slot. */
  detached(userId: string, sessionId: string): Promise<void>;
  /**
   * `sessionId`'s client came back: the slot is its own again. False when the slot went to a
   * newer session meanwhile: the session must end (its client is told it cannot resume).
   */
  reattached(userId: string, sessionId: string): Promise<boolean>;
  /**
   * Called with each session of this relay whose slot a newer session took; it ends it. In
   * memory at once; with Redis at once when the newer session is on this relay, else at this
   * relay's next lease renewal (within a third of `CLUSTER_LEASE_S`).
   */
  onTakenOver(handler: (sessionId: string) => void): void;
}

/** Sessions whose slot was taken over, remembered so that they cannot take a slot again. */
const TAKEN_REMEMBERED = 10_000;

interface Slot {
  /** When the session lost its connection, in detach order; null while attached. */
  detachedAt: number | null;
}

/**
 * The session slots of a relay that runs alone: per user, the sessions holding a slot, by id.
 * At most `maxPerUser` each; a user at the cap who opens another session takes the slot of their
 * session that has waited longest for a resume (a dropped connection must not lock its user
 * out), and that session is handed to the {@link onTakenOver} handler to end. Bounded by
 * `maxUsers` users holding slots at once. No timers, no I/O.
 */
export class MemorySessionSlots implements SessionSlots {
  private readonly users = new Map<string, Map<string, Slot>>();
  /** Sessions whose slot went to a newer one (oldest first, bounded). */
  private readonly taken = new Set<string>();
  private detaches = 0;
  private takenOver: (sessionId: string) => void = () => {};

  constructor(
    readonly maxPerUser: number,
    private readonly maxUsers = 100_000,
  ) {}

  acquire(userId: string, sessionId: string): Promise<Release | null> {
    return Promise.resolve(this.take(userId, sessionId));
  }

  atUserLimit(userId: string): Promise<boolean> {
    return Promise.resolve((this.users.get(userId)?.size ?? 0) >= this.maxPerUser);
  }

  detached(userId: string, sessionId: string): Promise<void> {
    const slot = this.users.get(userId)?.get(sessionId);
    if (slot) slot.detachedAt = this.detaches++;
    return Promise.resolve();
  }

  reattached(userId: string, sessionId: string): Promise<boolean> {
    const slot = this.users.get(userId)?.get(sessionId);
    if (slot) slot.detachedAt = null;
    return Promise.resolve(slot !== undefined);
  }

  onTakenOver(handler: (sessionId: string) => void): void {
    this.takenOver = handler;
  }

  /** Sessions holding a slot for `userId`, detached ones included. */
  count(userId: string): number {
    return this.users.get(userId)?.size ?? 0;
  }

  private take(userId: string, sessionId: string): Release | null {
    if (this.taken.has(sessionId)) return null;
    let sessions = this.users.get(userId);
    const held = sessions?.get(sessionId);
    if (sessions && held) {
      held.detachedAt = null;
      return this.releaser(userId, sessionId, held);
    }
    let takenOver: string | null = null;
    if (sessions && sessions.size >= this.maxPerUser) {
      takenOver = oldestDetached(sessions);
      if (takenOver === null) return null;
      sessions.delete(takenOver);
      this.remember(takenOver);
    }
    if (!sessions) {
      if (this.users.size >= this.maxUsers) return null;
      sessions = new Map();
      this.users.set(userId, sessions);
    }
    const slot: Slot = { detachedAt: null };
    sessions.set(sessionId, slot);
    if (takenOver !== null) this.takenOver(takenOver);
    return this.releaser(userId, sessionId, slot);
  }

  /** Frees `slot` once; nothing if it was taken over meanwhile (the slot is another's now). */
  private releaser(userId: string, sessionId: string, slot: Slot): Release {
    return () => {
      const sessions = this.users.get(userId);
      if (sessions?.get(sessionId) !== slot) return;
      sessions.delete(sessionId);
      if (sessions.size === 0) this.users.delete(userId);
    };
  }

  private remember(sessionId: string): void {
    this.taken.add(sessionId);
    if (this.taken.size > TAKEN_REMEMBERED) {
      const oldest = this.taken.values().next().value;
      if (oldest !== undefined) this.taken.delete(oldest);
    }
  }
}

/** The session of `sessions` that has waited longest for a resume, or null if none waits. */
function oldestDetached(sessions: ReadonlyMap<string, Slot>): string | null {
  let oldest: string | null = null;
  let at = Infinity;
  for (const [id, slot] of sessions) {
    if (slot.detachedAt !== null && slot.detachedAt < at) {
      oldest = id;
      at = slot.detachedAt;
    }
  }
  return oldest;
}
