import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../storage/index.ts';
import { BuiltinTools } from './builtin-tools.ts';
import type { ToolContext } from './tool.ts';

const T0 = Date.UTC(2026, 10, 22, 14, 7); // Sunday 22 November 2026, 14:07 UTC
const MINUTE = 60_000;
const signal = new AbortController().signal;

describe('the built-in tools', () => {
  let storage: Storage;
  let now = T0;
  let changed: string[];
  let tools: BuiltinTools;
  const as = (userId: string): ToolContext => ({
    userId,
    sessionId: `s-${userId}`,
    timeZone: 'UTC',
    signal,
    now: () => now,
  });
  const run = async (name: string, args: Record<string, unknown>, userId = 'alice') => {
    const tool = tools.tool(name);
    if (!tool) throw new Error(`no tool ${name}`);
    const result = await tool.run(args, as(userId));
    return { ...result, json: JSON.parse(result.content) as Record<string, unknown> };
  };

  beforeEach(async () => {
    now = T0;
    changed = [];
    storage = await openStorage({ sqlitePath: ':memory:', now: () => now });
    tools = new BuiltinTools({
      storage,
      reminderChanged: (userId) => changed.push(userId),
      enabled: true,
    });
  });
  afterEach(() => storage.close());

  it('are named as both OpenAI and Anthropic accept, once each; only lookups are read-only', async () => {
    const all = await tools.toolsFor();
    expect(all.map((t) => t.name)).toEqual([
      'current_time',
      'calculate',
      'set_reminder',
      'list_reminders',
      'cancel_reminder',
      'save_note',
      'recall_notes',
      'delete_note',
    ]);
    for (const t of all) {
      expect(t.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(t.origin).toEqual({ kind: 'builtin' });
      expect(t.inputSchema.type).toBe('object');
    }
    expect(all.filter((t) => t.readOnly).map((t) => t.name)).toEqual([
      'current_time',
      'calculate',
      'list_reminders',
      'recall_notes',
    ]);
  });

  it('are given to no turn when switched off (BUILTIN_TOOLS=false)', async () => {
    const off = new BuiltinTools({ storage, reminderChanged: () => undefined, enabled: false });
    expect(await off.toolsFor()).toEqual([]);
    expect(off.enabled).toBe(false);
  });

  describe('reminders', () => {
    it('are set in a delay or at a time, listed and cancelled, the clock told each time', async () => {
      const set = await run('set_reminder', { text: 'call Anna', delaySeconds: 600 });
      expect(set.summary).toBe('Reminder set for 2:17 PM: call Anna');
      expect(set.json).toMatchObject({
        set: {
          text: 'call Anna',
          due: '2:17 PM',
          dueAt: '2026-11-22T14:17:00+00:00',
          in: '10 minutes',
        },
      });
      await run('set_reminder', { text: 'stretch', at: '2026-11-22T15:14:00+01:00' });
      expect(changed).toEqual(['alice', 'alice']);
      const list = await run('list_reminders', {});
      expect(list.summary).toBe('2 reminders');
      expect(list.json.reminders).toMatchObject([
        { text: 'stretch', in: '7 minutes' },
        { text: 'call Anna', in: '10 minutes' },
      ]);
      const cancelled = await run('cancel_reminder', { text: 'anna' });
      expect(cancelled.summary).toBe('Cancelled the reminder: call Anna');
      expect(changed).toHaveLength(3);
      expect((await storage.reminders.pending('alice')).map((r) => r.text)).toEqual(['stretch']);
    });

    it('refuse in plain words what cannot be set or cancelled', async () => {
      for (const args of [
        { text: 'x' },
        { text: 'x', delaySeconds: 60, at: '2026-11-22T15:00:00Z' },
        { text: 'x', at: '2026-11-22T15:00:00' },
        { text: 'x', at: '2026-11-22T14:00:00Z' },
        { text: 'x', delaySeconds: 400 * 86_400 },
        { text: '', delaySeconds: 60 },
      ]) {
        const r = await run('set_reminder', args);
        expect(r.isError, JSON.stringify(args)).toBe(true);
        expect(typeof r.json.error).toBe('string');
      }
      await run('set_reminder', { text: 'call Anna', delaySeconds: 60 });
      await run('set_reminder', { text: 'call Anna back', delaySeconds: 120 });
      const ambiguous = await run('cancel_reminder', { text: 'anna' });
      expect(ambiguous.isError).toBe(true);
      expect(ambiguous.json.error).toMatch(/^2 mention "anna": .* Which one\?$/);
      expect((await run('cancel_reminder', { text: 'dentist' })).isError).toBe(true);
      expect(await storage.reminders.pending('alice')).toHaveLength(2);
    });

    it("are one user's: another neither lists nor cancels them", async () => {
      const set = await run('set_reminder', { text: 'call Anna', delaySeconds: 60 });
      const id = (set.json.set as { id: string }).id;
      expect((await run('list_reminders', {}, 'bob')).json).toEqual({ reminders: [] });
      expect((await run('cancel_reminder', { id }, 'bob')).isError).toBe(true);
      expect(await storage.reminders.pending('alice')).toHaveLength(1);
    });
  });

  // Issue 65 item 3: "Shall I use save note with text '…'?" — the question in people's words,
  // naming what is meant (the note, not its id), and the row once done.
  it('ask in people’s words, naming the note or reminder meant', async () => {
    const action = async (name: string, args: Record<string, unknown>) => {
      const tool = tools.tool(name);
      if (!tool?.action) throw new Error(`${name} words no question`);
      return tool.action(args, as('alice'));
    };
    expect(await action('save_note', { text: "My sister's name is Anna" })).toBe(
      "remember that your sister's name is Anna",
    );
    expect(await action('set_reminder', { text: 'call my sister', delaySeconds: 600 })).toBe(
      'remind you in 10 minutes to call your sister',
    );
    expect(await action('set_reminder', { text: 'Stretch', at: '2026-11-22T15:14:00+01:00' })).toBe(
      'remind you at 2:14 PM to stretch',
    );
    expect(await action('set_reminder', { text: 'Timer', delaySeconds: 300 })).toBe(
      'set a timer for 5 minutes',
    );
    const note = await run('save_note', { text: 'Banana bread: 3 bananas, 200 g flour' });
    const id = (note.json.saved as { id: string }).id;
    expect(await action('delete_note', { id })).toBe(
      "forget the note 'Banana bread: 3 bananas, 200 g flour'",
    );
    expect(await action('delete_note', { id: 'n-404' })).toBe(
      "forget the note with the id 'n-404'",
    );
    await run('set_reminder', { text: 'call Anna', delaySeconds: 600 });
    expect(await action('cancel_reminder', { text: 'anna' })).toBe(
      "cancel the reminder 'call Anna' (2:17 PM)",
    );
    expect((await run('set_reminder', { text: 'timer', delaySeconds: 60 })).summary).toBe(
      'Timer set: it rings at 2:08 PM',
    );
  });

  describe('notes', () => {
    it('are saved, recalled (all, or by a word) and deleted', async () => {
      const saved = await run('save_note', { text: "The user's sister is called Anna" });
      expect(saved.summary).toBe("Note saved: The user's sister is called Anna");
      now += MINUTE;
      await run('save_note', { text: 'The user is allergic to peanuts' });
      expect((await run('recall_notes', {})).summary).toBe('2 notes');
      const sister = await run('recall_notes', { query: 'Sister' });
      expect(sister.json).toMatchObject({
        notes: [{ text: "The user's sister is called Anna", saved: 'Nov 22, 2026' }],
      });
      expect((await run('delete_note', { text: 'peanuts' })).summary).toBe(
        'Deleted the note: The user is allergic to peanuts',
      );
      expect((await run('recall_notes', {})).summary).toBe('1 note');
    });

    it("are one user's: another recalls none and deletes none", async () => {
      await run('save_note', { text: "The user's sister is called Anna" });
      expect((await run('recall_notes', {}, 'bob')).json).toEqual({ notes: [] });
      expect((await run('recall_notes', { query: 'Anna' }, 'bob')).summary).toBe('no notes');
      expect((await run('delete_note', { text: 'Anna' }, 'bob')).isError).toBe(true);
      expect(await storage.notes.count('alice')).toBe(1);
    });
  });
});
