import { createHash, randomBytes as cryptoRandomBytes } from 'node:crypto';
import { RelayError } from '../errors.ts';
import { MAX_TICKET_TTL_MS } from './auth-config.ts';
import type { Identity } from './identity.ts';

/** Random bytes per ticket: 256 bits, 43 base64url characters. */
export const TICKET_BYTES = 32;
const TICKET_PATTERN = /^[\w-]{43}$/;

export const TICKET_FAILURE_MESSAGES = {
  unknown:
    'This connection ticket is unknown or already used. Request a new one (POST /api/session).',
  expired: 'This connection ticket has expired. Request a new one (POST /api/session).',
  origin:
    'This connection ticket was issued to another page. Request a new one from this page ' +
    '(POST /api/session).',
} as const;

export interface TicketStoreOptions {
  /** How long a ticket stays redeemable (ms), at most 60 000. Default 30 000. */
  ttlMs?: number;
  /** Outstanding tickets kept; issuing beyond evicts the oldest. Default 10 000. */
  maxOutstanding?: number;
  /**
   * Outstanding tickets kept per user; issuing beyond evicts that user's oldest, so one user
   * cannot push everyone else's tickets out. Default 16.
   */
  maxPerUser?: number;
  /** Clock (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Source of randomness. Default `crypto.randomBytes`. */
  randomBytes?: (size: number) => Uint8Array;
}

export interface IssuedTicket {
  /** Opaque, single-use, base64url; goes in the WebSocket's `hello`, never in a URL or a log. */
  ticket: string;
  /** Last moment it can be redeemed (epoch ms, relay clock). */
  expiresAtMs: number;
}

export interface TicketBinding {
  /**
   * The request's Origin header. A ticket issued with one can only be redeemed with the same;
   * one issued without (a non-browser client) is redeemable from any allowed origin.
   */
  origin?: string | undefined;
}

interface Entry {
  identity: Identity;
  origin: string | null;
  expiresAtMs: number;
}

/**
 * Short-lived, single-use connection tickets: `POST /api/session` issues one for an
 * authenticated identity, the WebSocket `hello` redeems it. Only a SHA-256 of each ticket is
 * kept, so a heap dump holds nothing redeemable. Bounded: expired tickets are swept on every
 * issue, and beyond the limits the oldest are evicted. Owns no timers.
 */
export class TicketStore {
  /** By ticket hash, in issue order — with one TTL, also expiry order. */
  private readonly tickets = new Map<string, Entry>();
  /** Ticket hashes by user id, in issue order. A user leaves when their last ticket does. */
  private readonly byUser = new Map<string, Set<string>>();
  private readonly ttlMs: number;
  private readonly maxOutstanding: number;
  private readonly maxPerUser: number;
  private readonly now: () => number;
  private readonly randomBytes: (size: number) => Uint8Array;

  constructor(options: TicketStoreOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxOutstanding = options.maxOutstanding ?? 10_000;
    this.maxPerUser = options.maxPerUser ?? 16;
    this.now = options.now ?? Date.now;
    this.randomBytes = options.randomBytes ?? cryptoRandomBytes;
    if (!Number.isFinite(this.ttlMs) || this.ttlMs <= 0 || this.ttlMs > MAX_TICKET_TTL_MS)
      throw new RangeError(`ttlMs must be in (0, ${MAX_TICKET_TTL_MS}], got ${this.ttlMs}`);
    if (!Number.isInteger(this.maxOutstanding) || this.maxOutstanding < 1)
      throw new RangeError(`maxOutstanding must be a positive integer`);
    if (!Number.isInteger(this.maxPerUser) || this.maxPerUser < 1)
      throw new RangeError(`maxPerUser must be a positive integer`);
  }

  /** Outstanding (not yet redeemed, possibly expired but not yet swept) tickets. */
  get size(): number {
    return this.tickets.size;
  }

  /** Issues a ticket for `identity`, bound to `binding.origin` when given. */
  issue(identity: Identity, binding: TicketBinding = {}): IssuedTicket {
    this.sweep();
    const userTickets = this.byUser.get(identity.userId);
    if (userTickets && userTickets.size >= this.maxPerUser) this.evictOldest(userTickets);
    if (this.tickets.size >= this.maxOutstanding) this.evictOldest(this.tickets.keys());

    const bytes = this.randomBytes(TICKET_BYTES);
    if (bytes.length !== TICKET_BYTES)
      throw new Error(`randomBytes returned ${bytes.length} bytes`);
    const ticket = Buffer.from(bytes).toString('base64url');
    const key = hashTicket(ticket);
    if (this.tickets.has(key)) throw new Error('The random source repeated itself.');

    const expiresAtMs = this.now() + this.ttlMs;
    this.tickets.set(key, { identity, origin: binding.origin ?? null, expiresAtMs });
    const set = this.byUser.get(identity.userId) ?? new Set<string>();
    set.add(key);
    this.byUser.set(identity.userId, set);
    return { ticket, expiresAtMs };
  }

  /**
   * Consumes `ticket` and returns the identity it was issued for. Throws
   * `RelayError.unauthorized` (close 4401) when it is malformed, unknown, already used, expired,
   * or bound to another origin; a ticket that is found is consumed even then.
   */
  redeem(ticket: string, binding: TicketBinding = {}): Identity {
    if (!TICKET_PATTERN.test(ticket))
      throw RelayError.unauthorized(TICKET_FAILURE_MESSAGES.unknown);
    const key = hashTicket(ticket);
    const entry = this.tickets.get(key);
    if (!entry) throw RelayError.unauthorized(TICKET_FAILURE_MESSAGES.unknown);
    this.remove(key, entry);
    if (this.now() >= entry.expiresAtMs)
      throw RelayError.unauthorized(TICKET_FAILURE_MESSAGES.expired);
    if (entry.origin !== null && entry.origin !== binding.origin)
      throw RelayError.unauthorized(TICKET_FAILURE_MESSAGES.origin);
    return entry.identity;
  }

  /**
   * Drops expired tickets; returns how many. Runs on every `issue`, so calling it on a timer is
   * optional (it only frees memory sooner when no one asks for tickets).
   */
  sweep(): number {
    const now = this.now();
    let removed = 0;
    for (const [key, entry] of this.tickets) {
      // Issue order is expiry order, so the first live ticket ends the sweep. (If the clock went
      // backwards, a few expired ones may stay until later: still refused, still bounded.)
      if (entry.expiresAtMs > now) break;
      this.remove(key, entry);
      removed++;
    }
    return removed;
  }

  private evictOldest(keys: Iterable<string>): void {
    for (const key of keys) {
      const entry = this.tickets.get(key);
      if (entry) this.remove(key, entry);
      return;
    }
  }

  private remove(key: string, entry: Entry): void {
    this.tickets.delete(key);
    const set = this.byUser.get(entry.identity.userId);
    set?.delete(key);
    if (set?.size === 0) this.byUser.delete(entry.identity.userId);
  }
}

function hashTicket(ticket: string): string {
  return createHash('sha256').update(ticket).digest('base64url');
}
