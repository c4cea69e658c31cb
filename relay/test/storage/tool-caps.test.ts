// Issue 60, item 12: the per-user caps of notes and pending reminders held only for calls one
// after another — parallel calls each counted before any inserted (60 reminders against 50,
// 230 notes against 200). The cap is checked inside the insert, on every backend.
import { expect, it } from 'vitest';
import { MAX_NOTES, noteTools } from '../../src/tools/builtin/note-tools.ts';
import { MAX_PENDING_REMINDERS, reminderTools } from '../../src/tools/builtin/reminder-tools.ts';
import type { Tool, ToolContext } from '../../src/tools/tool.ts';
import { describeStorage, MINUTE, T0 } from './suite.ts';

function tool(tools: Tool[], name: string): Tool {
  const found = tools.find((t) => t.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

const context = (userId: string): ToolContext => ({
  userId,
  sessionId: 's',
  signal: new AbortController().signal,
  now: () => T0,
});

describeStorage('per-user caps under parallel calls', (h) => {
  it('parallel save_note calls keep at most MAX_NOTES notes; the rest are refused in words', async () => {
    const save = tool(noteTools({ store: h.s.notes }), 'save_note');
    const results = await Promise.all(
      Array.from({ length: MAX_NOTES + 30 }, (_, i) =>
        save.run({ text: `note ${i}` }, context('alice')),
      ),
    );
    expect(await h.s.notes.count('alice')).toBe(MAX_NOTES);
    const refused = results.filter((r) => r.isError === true);
    expect(refused).toHaveLength(30);
    expect(refused[0]?.content).toContain(`already ${MAX_NOTES} notes`);
    // Another user's notes are theirs to count.
    expect((await save.run({ text: 'mine' }, context('bob'))).isError).toBeUndefined();
  });

  it('parallel set_reminder calls keep at most MAX_PENDING_REMINDERS pending', async () => {
    const set = tool(reminderTools({ store: h.s.reminders, changed: () => {} }), 'set_reminder');
    const results = await Promise.all(
      Array.from({ length: MAX_PENDING_REMINDERS + 10 }, (_, i) =>
        set.run({ text: `stretch ${i}`, delaySeconds: 60 + i }, context('alice')),
      ),
    );
    expect(await h.s.reminders.pending('alice')).toHaveLength(MAX_PENDING_REMINDERS);
    expect(results.filter((r) => r.isError === true)).toHaveLength(10);
  });

  it('the stores add nothing past the cap given, and count only what the cap is about', async () => {
    expect(await h.s.notes.add('alice', 'one', { max: 1 })).not.toBeNull();
    expect(await h.s.notes.add('alice', 'two', { max: 1 })).toBeNull();
    expect((await h.s.notes.list('alice')).map((n) => n.text)).toEqual(['one']);
    const first = await h.s.reminders.add('alice', 'a', T0 + MINUTE, { maxPending: 1 });
    expect(await h.s.reminders.add('alice', 'b', T0 + MINUTE, { maxPending: 1 })).toBeNull();
    // A reminder rung no longer counts against the pending cap.
    expect(await h.s.reminders.delivered('alice', first?.id ?? '')).toBe(true);
    expect(await h.s.reminders.add('alice', 'c', T0 + MINUTE, { maxPending: 1 })).toMatchObject({
      text: 'c',
    });
  });
});
