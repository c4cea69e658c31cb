import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { RelayError } from '../../errors.ts';
import type { Identity } from '../../auth/identity.ts';
import {
  TICKET_BYTES,
  TICKET_FAILURE_MESSAGES,
  type IssuedTicket,
  type TicketBinding,
} from '../../auth/tickets.ts';
import type { Tickets } from '../shared-state.ts';
import type { ParleyRedis } from './redis-client.ts';
import { orUnavailable } from './redis-errors.ts';

const TICKET_PATTERN = /^[\w-]{43}$/;

const entry = z.object({
  identity: z.object({
    userId: z.string(),
    mode: z.enum(['dev', 'jwt']),
    displayName: z.string().optional(),
    issuer: z.string().optional(),
    expiresAtMs: z.number().optional(),
  }),
  origin: z.string().nullable(),
});

/**
 * Connection tickets in Redis, so a ticket issued by one relay is redeemed by whichever relay
 * the load balancer picks for the WebSocket. Only the ticket's SHA-256 is a key; redeeming is
 * `GETDEL` (single use, atomic); Redis expires what is never redeemed.
 */
export class RedisTickets implements Tickets {
  constructor(
    private readonly redis: ParleyRedis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  async issue(identity: Identity, binding: TicketBinding = {}): Promise<IssuedTicket> {
    const ticket = randomBytes(TICKET_BYTES).toString('base64url');
    const expiresAtMs = Date.now() + this.ttlMs;
    const value = JSON.stringify({ identity, origin: binding.origin ?? null });
    const set = await orUnavailable(
      this.redis.set(this.key(ticket), value, 'PX', this.ttlMs, 'NX'),
    );
    if (set !== 'OK') throw new Error('The random source repeated itself.');
    return { ticket, expiresAtMs };
  }

  async redeem(ticket: string, binding: TicketBinding = {}): Promise<Identity> {
    if (!TICKET_PATTERN.test(ticket))
      throw RelayError.unauthorized(TICKET_FAILURE_MESSAGES.unknown);
    const raw = await orUnavailable(this.redis.getdel(this.key(ticket)));
    // Expired tickets are gone from Redis: "unknown or already used" covers them.
    if (raw === null) throw RelayError.unauthorized(TICKET_FAILURE_MESSAGES.unknown);
    const parsed = entry.safeParse(JSON.parse(raw));
    if (!parsed.success) throw RelayError.unauthorized(TICKET_FAILURE_MESSAGES.unknown);
    if (parsed.data.origin !== null && parsed.data.origin !== binding.origin)
      throw RelayError.unauthorized(TICKET_FAILURE_MESSAGES.origin);
    const { identity } = parsed.data;
    return {
      userId: identity.userId,
      mode: identity.mode,
      ...(identity.displayName === undefined ? {} : { displayName: identity.displayName }),
      ...(identity.issuer === undefined ? {} : { issuer: identity.issuer }),
      ...(identity.expiresAtMs === undefined ? {} : { expiresAtMs: identity.expiresAtMs }),
    };
  }

  private key(ticket: string): string {
    return this.prefix + createHash('sha256').update(ticket).digest('base64url');
  }
}
