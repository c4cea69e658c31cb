import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../log/logger.ts';
import type { Reminder } from '../../storage/index.ts';
import { ReminderClock } from './reminder-clock.ts';

const T0 = Date.UTC(2026, 0, 1, 12);
const MINUTE = 60_000;

/** One user's reminders in memory, the clock's view of storage; and who was told what. */
function world() {
  const reminders: Reminder[] = [];
  const told: { userId: string; ids: string[] }[] = [];
  let pagesOpen = 1;
  const clock = new ReminderClock({
    store: {
      pending: (userId) =>
        Promise.resolve(
          reminders.filter((r) => r.userId === userId).sort((a, b) => a.dueAt - b.dueAt),
        ),
      delivered: (userId, id) => {
        const at = reminders.findIndex((r) => r.userId === userId && r.id === id);
        if (at >= 0) reminders.splice(at, 1);
        return Promise.resolve(at >= 0);
      },
    },
    tell: (userId, due) => {
      if (pagesOpen > 0) told.push({ userId, ids: due.map((r) => r.id) });
      return pagesOpen;
    },
    log: logger('test'),
    now: () => Date.now(),
  });
  const add = (id: string, userId: string, dueInMs: number) =>
    reminders.push({ id, userId, text: id, dueAt: Date.now() + dueInMs, createdAt: Date.now() });
  return {
    clock,
    told,
    add,
    cancel: (id: string) =>
      reminders.splice(
        reminders.findIndex((r) => r.id === id),
        1,
      ),
    close: () => (pagesOpen = 0),
  };
}

describe('the reminder clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells the open page each reminder when it comes due, not before, once', async () => {
    const w = world();
    w.add('stretch', 'alice', MINUTE);
    w.add('call', 'alice', 10 * MINUTE);
    await w.clock.connected('alice');
    expect(w.told).toEqual([]);
    await vi.advanceTimersByTimeAsync(MINUTE - 1);
    expect(w.told).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.told).toEqual([{ userId: 'alice', ids: ['stretch'] }]);
    // Not yet acknowledged (still pending), but told: not told again at the next wake.
    await vi.advanceTimersByTimeAsync(9 * MINUTE);
    expect(w.told).toEqual([
      { userId: 'alice', ids: ['stretch'] },
      { userId: 'alice', ids: ['call'] },
    ]);
    expect(w.clock.watching).toBe(0);
  });

  it('tells a page that connects what came due while none was open', async () => {
    const w = world();
    w.add('stretch', 'alice', MINUTE);
    await w.clock.connected('alice');
    w.close();
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(w.told).toEqual([]);
    expect(w.clock.watching).toBe(0);
    // The user comes back (a reload, the next day): told at once; told again at another
    // connect until a page says it rang it.
    const back = world();
    back.add('stretch', 'alice', -5 * MINUTE);
    await back.clock.connected('alice');
    expect(back.told).toEqual([{ userId: 'alice', ids: ['stretch'] }]);
    await back.clock.connected('alice');
    expect(back.told).toHaveLength(2);
    await back.clock.rang('alice', 'stretch');
    await back.clock.connected('alice');
    expect(back.told).toHaveLength(2);
  });

  it('plans again when a reminder is set or cancelled', async () => {
    const w = world();
    await w.clock.connected('alice');
    expect(w.clock.watching).toBe(0);
    w.add('soon', 'alice', 30_000);
    await w.clock.changed('alice');
    expect(w.clock.watching).toBe(1);
    w.cancel('soon');
    await w.clock.changed('alice');
    expect(w.clock.watching).toBe(0);
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(w.told).toEqual([]);
  });

  it("keeps each user's reminders to that user", async () => {
    const w = world();
    w.add('alices', 'alice', MINUTE);
    w.add('bobs', 'bob', 2 * MINUTE);
    await w.clock.connected('alice');
    await w.clock.connected('bob');
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(w.told).toEqual([
      { userId: 'alice', ids: ['alices'] },
      { userId: 'bob', ids: ['bobs'] },
    ]);
  });

  it('waits for a reminder past the longest timer by planning again then', async () => {
    const w = world();
    w.add('far', 'alice', 30 * 86_400_000);
    await w.clock.connected('alice');
    await vi.advanceTimersByTimeAsync(25 * 86_400_000);
    expect(w.told).toEqual([]);
    expect(w.clock.watching).toBe(1);
    await vi.advanceTimersByTimeAsync(5 * 86_400_000);
    expect(w.told).toEqual([{ userId: 'alice', ids: ['far'] }]);
    w.clock.stop();
  });
});
