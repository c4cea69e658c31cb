import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '@parley/shared';
import type { Identity } from './identity.ts';
import { TICKET_FAILURE_MESSAGES, TicketStore, type TicketStoreOptions } from './tickets.ts';

const alice: Identity = { userId: 'alice', mode: 'jwt' };
const bob: Identity = { userId: 'bob', mode: 'jwt' };
const PAGE = 'https://chat.example.com';

/** A store on a fake clock (starting at 1 000 000 ms) and a counting random source. */
function setup(options: TicketStoreOptions = {}) {
  const clock = { ms: 1_000_000 };
  let counter = 0;
  const store = new TicketStore({
    now: () => clock.ms,
    randomBytes: (size) => {
      const bytes = new Uint8Array(size);
      new DataView(bytes.buffer).setUint32(0, ++counter);
      return bytes;
    },
    ...options,
  });
  return { store, clock };
}

function unauthorized(message: string): unknown {
  return expect.objectContaining({
    code: 'unauthorized',
    message,
    options: { status: 401, closeCode: CloseCode.Unauthorized },
  });
}

describe('TicketStore', () => {
  it('issues 256-bit base64url tickets that expire after the TTL', () => {
    const { store, clock } = setup();
    const issued = store.issue(alice);
    expect(issued.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.expiresAtMs).toBe(clock.ms + 30_000);
  });

  it('draws tickets from crypto randomness by default', () => {
    const store = new TicketStore();
    const a = store.issue(alice).ticket;
    const b = store.issue(alice).ticket;
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('redeems a ticket once for the identity it was issued to', () => {
    const { store } = setup();
    const { ticket } = store.issue(alice);
    expect(store.redeem(ticket)).toBe(alice);
    expect(store.size).toBe(0);
  });

  it('refuses a reused ticket', () => {
    const { store } = setup();
    const { ticket } = store.issue(alice);
    store.redeem(ticket);
    expect(() => store.redeem(ticket)).toThrow(unauthorized(TICKET_FAILURE_MESSAGES.unknown));
  });

  it.each([
    ['a well-formed ticket it never issued', 'A'.repeat(43)],
    ['an empty string', ''],
    ['a short string', 'abc'],
    ['a ticket with foreign characters', `${'A'.repeat(42)}.`],
    ['a huge string', 'A'.repeat(100_000)],
  ])('refuses %s', (_what, ticket) => {
    const { store } = setup();
    store.issue(alice);
    expect(() => store.redeem(ticket)).toThrow(unauthorized(TICKET_FAILURE_MESSAGES.unknown));
    expect(store.size).toBe(1);
  });

  it('refuses an expired ticket, and consumes it', () => {
    const { store, clock } = setup({ ttlMs: 10_000 });
    const { ticket, expiresAtMs } = store.issue(alice);
    clock.ms = expiresAtMs;
    expect(() => store.redeem(ticket)).toThrow(unauthorized(TICKET_FAILURE_MESSAGES.expired));
    expect(() => store.redeem(ticket)).toThrow(unauthorized(TICKET_FAILURE_MESSAGES.unknown));
  });

  it('accepts a ticket up to the last millisecond before expiry', () => {
    const { store, clock } = setup({ ttlMs: 10_000 });
    const { ticket, expiresAtMs } = store.issue(alice);
    clock.ms = expiresAtMs - 1;
    expect(store.redeem(ticket)).toBe(alice);
  });

  describe('origin binding', () => {
    it('redeems a bound ticket from the same origin', () => {
      const { store } = setup();
      const { ticket } = store.issue(alice, { origin: PAGE });
      expect(store.redeem(ticket, { origin: PAGE })).toBe(alice);
    });

    it('refuses a bound ticket from another origin, and burns it', () => {
      const { store } = setup();
      const { ticket } = store.issue(alice, { origin: PAGE });
      expect(() => store.redeem(ticket, { origin: 'http://localhost:5173' })).toThrow(
        unauthorized(TICKET_FAILURE_MESSAGES.origin),
      );
      expect(() => store.redeem(ticket, { origin: PAGE })).toThrow(
        unauthorized(TICKET_FAILURE_MESSAGES.unknown),
      );
    });

    it('refuses a bound ticket presented without an origin (a non-browser client)', () => {
      const { store } = setup();
      const { ticket } = store.issue(alice, { origin: PAGE });
      expect(() => store.redeem(ticket, { origin: undefined })).toThrow(
        unauthorized(TICKET_FAILURE_MESSAGES.origin),
      );
    });

    it('lets an unbound ticket (issued without Origin) be redeemed from anywhere allowed', () => {
      const { store } = setup();
      const { ticket } = store.issue(alice, { origin: undefined });
      expect(store.redeem(ticket, { origin: PAGE })).toBe(alice);
    });
  });

  describe('bounds', () => {
    it('sweeps expired tickets and keeps live ones', () => {
      const { store, clock } = setup({ ttlMs: 10_000 });
      store.issue(alice);
      clock.ms += 5_000;
      const live = store.issue(bob);
      clock.ms += 5_000;
      expect(store.sweep()).toBe(1);
      expect(store.size).toBe(1);
      expect(store.redeem(live.ticket)).toBe(bob);
    });

    it('sweeps on every issue, so no timer is needed', () => {
      const { store, clock } = setup({ ttlMs: 10_000 });
      for (let i = 0; i < 100; i++) store.issue({ userId: `u${i}`, mode: 'jwt' });
      clock.ms += 10_000;
      store.issue(alice);
      expect(store.size).toBe(1);
    });

    it('evicts the oldest ticket beyond maxOutstanding', () => {
      const { store } = setup({ maxOutstanding: 3 });
      const tickets = ['a', 'b', 'c', 'd'].map((u) => store.issue({ userId: u, mode: 'jwt' }));
      expect(store.size).toBe(3);
      expect(() => store.redeem(tickets[0]!.ticket)).toThrow(
        unauthorized(TICKET_FAILURE_MESSAGES.unknown),
      );
      for (const t of tickets.slice(1)) expect(store.redeem(t.ticket).mode).toBe('jwt');
    });

    it("evicts a user's own oldest ticket beyond maxPerUser, sparing other users", () => {
      const { store } = setup({ maxPerUser: 2 });
      const bobs = store.issue(bob);
      const [first, second, third] = [store.issue(alice), store.issue(alice), store.issue(alice)];
      expect(store.size).toBe(3);
      expect(() => store.redeem(first.ticket)).toThrow(
        unauthorized(TICKET_FAILURE_MESSAGES.unknown),
      );
      expect(store.redeem(second.ticket)).toBe(alice);
      expect(store.redeem(third.ticket)).toBe(alice);
      expect(store.redeem(bobs.ticket)).toBe(bob);
    });
  });

  it('keeps only hashes of tickets', () => {
    const { store } = setup();
    const { ticket } = store.issue(alice);
    expect(inspect(store, { depth: 10, showHidden: true })).not.toContain(ticket);
  });

  it('refuses unsafe settings and a broken random source', () => {
    expect(() => new TicketStore({ ttlMs: 60_001 })).toThrow(RangeError);
    expect(() => new TicketStore({ ttlMs: 0 })).toThrow(RangeError);
    expect(() => new TicketStore({ maxOutstanding: 0 })).toThrow(RangeError);
    expect(() => new TicketStore({ maxPerUser: 1.5 })).toThrow(RangeError);
    const short = new TicketStore({ randomBytes: () => new Uint8Array(8) });
    expect(() => short.issue(alice)).toThrow(/randomBytes returned 8 bytes/);
    const stuck = new TicketStore({ randomBytes: (n) => new Uint8Array(n) });
    stuck.issue(alice);
    expect(() => stuck.issue(bob)).toThrow(/repeated/);
  });
});
