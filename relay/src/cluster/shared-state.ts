import type { IssuedTicket, TicketBinding } from '../auth/tickets.ts';
import type { Identity } from '../auth/identity.ts';
import type { RateLimiter } from '../limits/keyed-limiter.ts';
import type { SessionSlots } from '../limits/session-slots.ts';
import type { JournalStore } from './journal-store.ts';

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
