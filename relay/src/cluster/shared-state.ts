import type { IssuedTicket, TicketBinding } from '../auth/tickets.ts';
import type { Identity } from '../auth/identity.ts';
import type { Release } from '../limits/concurrency.ts';
import type { TakeResult } from '../limits/token-bucket.ts';
import type { JournalStore } from '../session/resume-state.ts';

/**
 * What the relays of one deployment must agree on: per-key rate limits, per-user session slots,
 * connection tickets and which relay owns which live session. One relay alone keeps it in its
 * own memory ({@link createMemoryState}); several share it through Redis (`REDIS_URL`).
 */
export interface SharedState {
  readonly kind: 'memory' | 'redis';
  /** This relay's id (owner of its sessions). */
  readonly relayId: string;
  /** WebSocket upgrades and ticket requests, keyed by `ipKey(ip)`. */
  readonly connectionsPerIp: RateLimiter;
  /** New sessions, keyed by user id. */
  readonly newSessionsPerUser: RateLimiter;
  readonly sessionSlots: SessionSlots;
  readonly tickets: Tickets;
  readonly ownership: SessionOwnership;
  /** Turn output of sessions on their way to another relay (or a restarted one). */
  readonly journals: JournalStore;
  /**
   * What each user spent today across every relay, or null when this relay alone counts
   * (its own meter and the database ledger are the whole truth then).
   */
  readonly userSpend: UserSpend | null;
  /** Whether the shared store answers (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface RateLimiter {
  tryTake(key: string): TakeResult | Promise<TakeResult>;
}

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

/** A user's spending on one UTC day, summed over every relay. */
export interface UserSpend {
  /** Adds `micros` to `userId`'s total of `day` (YYYY-MM-DD); resolves to the new total. */
  add(userId: string, day: string, micros: number): Promise<number>;
  /** `userId`'s total of `day`. */
  get(userId: string, day: string): Promise<number>;
}

/** Single-use connection tickets: issued by `POST /api/session`, redeemed by `hello`. */
export interface Tickets {
  issue(identity: Identity, binding?: TicketBinding): IssuedTicket | Promise<IssuedTicket>;
  redeem(ticket: string, binding?: TicketBinding): Identity | Promise<Identity>;
}

/**
 * Which relay serves a live session. A relay takes a session before serving it; if another
 * relay holds it, that one is asked to save it and let go (or, if it died, its lease lapses).
 */
export interface SessionOwnership {
  /** Takes `sessionId` for this relay. False when another relay would not let go in time. */
  acquire(sessionId: string): Promise<boolean>;
  /** Lets go of `sessionId` (after its state is saved). */
  release(sessionId: string): Promise<void>;
  /** Called when another relay asks for a session this one holds; resolve once it is saved. */
  onHandOver(handler: (sessionId: string) => Promise<void>): void;
}
