import { describe, expect, it } from 'vitest';
import { ReminderBell } from './reminder-bell.ts';

describe('the reminder bell', () => {
  it('rings each reminder once, and says it rang it each time the relay asks', async () => {
    const rung: string[] = [];
    const told: string[] = [];
    const bell = new ReminderBell({
      ring: (r) => {
        rung.push(r.text);
        return Promise.resolve();
      },
      rang: (id) => told.push(id),
      failed: () => undefined,
    });
    const stretch = { id: 'r1', text: 'stretch', dueAt: 1 };
    bell.due(stretch);
    // The relay asks again (this page's word was lost in a reconnect): said again, not rung.
    bell.due(stretch);
    bell.due({ id: 'r2', text: 'call Anna', dueAt: 2 });
    await Promise.resolve();
    expect(rung).toEqual(['stretch', 'call Anna']);
    expect(told).toEqual(['r1', 'r1', 'r2']);
  });

  it('says it rang a reminder whose sound failed: the notice showed it', async () => {
    const failures: unknown[] = [];
    const told: string[] = [];
    const bell = new ReminderBell({
      ring: () => Promise.reject(new Error('no audio device')),
      rang: (id) => told.push(id),
      failed: (err) => failures.push(err),
    });
    bell.due({ id: 'r1', text: 'stretch', dueAt: 1 });
    await expect.poll(() => failures).toHaveLength(1);
    expect(told).toEqual(['r1']);
  });
});
