import { describe, expect, it } from 'vitest';
import type { ToolContext } from '../tool.ts';
import { confirmationQuestion } from '../confirmation.ts';
import { noteTools } from './note-tools.ts';
import { reminderTools } from './reminder-tools.ts';
import { builtinToolWords } from './tool-words.ts';

const NOW = Date.UTC(2026, 10, 22, 13, 7); // zondag 22 november 2026, 14:07 in Amsterdam

const dutch: ToolContext = {
  userId: 'u',
  sessionId: 's',
  timeZone: 'Europe/Amsterdam',
  language: 'nl-NL',
  signal: new AbortController().signal,
  now: () => NOW,
};

const [setReminder] = reminderTools({
  store: {
    add: (userId, text, dueAt) =>
      Promise.resolve({ id: 'r1', userId, text, dueAt, createdAt: NOW }),
    pending: () => Promise.resolve([]),
    cancel: () => Promise.resolve(false),
  },
  changed: () => undefined,
});
const [saveNote] = noteTools({
  store: {
    add: (_userId, text) => Promise.resolve({ id: 'n1', text, createdAt: NOW }),
    list: () => Promise.resolve([]),
    delete: () => Promise.resolve(false),
  },
});

// Issue 62: a Dutch conversation heard "Shall I remember that mijn zus Anna heet?".
describe("the built-in tools' words in Dutch", () => {
  it('asks to remember, and to remind, in Dutch with times through Intl', async () => {
    const note = await saveNote?.action?.({ text: 'Mijn zus Anna heet' }, dutch);
    expect(confirmationQuestion([note ?? ''], 'nl')).toBe('Zal ik onthouden dat je zus Anna heet?');
    const inTen = await setReminder?.action?.({ text: 'de was', delaySeconds: 600 }, dutch);
    expect(confirmationQuestion([inTen ?? ''], 'nl')).toBe(
      'Zal ik je over 10 minuten herinneren aan de was?',
    );
    const at = await setReminder?.action?.(
      { text: 'rekken', at: '2026-11-22T14:17:00+01:00' },
      dutch,
    );
    expect(at).toBe('je om 14:17 herinneren aan rekken');
    const timer = await setReminder?.action?.({ text: 'timer', delaySeconds: 300 }, dutch);
    expect(timer).toBe('een timer zetten op 5 minuten');
  });

  it('shows what it did in Dutch: the reminder set, the note saved, the counts', async () => {
    const set = await setReminder?.run({ text: 'rekken', delaySeconds: 600 }, dutch);
    expect(set?.summary).toBe('Herinnering gezet voor 14:17: rekken');
    const saved = await saveNote?.run({ text: 'Mijn zus heet Anna' }, dutch);
    expect(saved?.summary).toBe('Notitie opgeslagen: Mijn zus heet Anna');
    const words = builtinToolWords('nl');
    expect([words.notes(0), words.notes(1), words.reminders(3)]).toEqual([
      'geen notities',
      '1 notitie',
      '3 herinneringen',
    ]);
    expect(words.clock({ atMs: NOW, nowMs: NOW, timeZone: 'Europe/Amsterdam' })).toBe(
      '14:07, zondag 22 november 2026',
    );
  });

  it('keeps English for an English conversation', async () => {
    const english = { ...dutch, language: 'en' };
    const inTen = await setReminder?.action?.(
      { text: 'call my sister', delaySeconds: 600 },
      english,
    );
    expect(inTen).toBe('remind you in 10 minutes to call your sister');
    const set = await setReminder?.run({ text: 'stretch', delaySeconds: 600 }, english);
    expect(set?.summary).toBe('Reminder set for 2:17 PM: stretch');
  });
});
