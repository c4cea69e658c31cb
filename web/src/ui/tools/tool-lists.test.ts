import { describe, expect, it } from 'vitest';
import { intlFor } from '../../i18n/intl.ts';
import * as lists from './tool-lists.ts';

const en = intlFor('en-US');
const dueText = lists.dueText.bind(null, en);
const noteRows = lists.noteRows.bind(null, en);
const reminderRows = lists.reminderRows.bind(null, en);
const without = lists.without;

const NOW = Date.UTC(2026, 10, 22, 14, 7); // Sunday 22 November 2026, 14:07 UTC
const MIN = 60_000;

describe('the reminders list', () => {
  it('says how long until each rings and at what time, soonest first', () => {
    expect(
      reminderRows(
        [
          { id: 'b', text: 'call Anna', dueAt: NOW + 65 * MIN },
          { id: 'a', text: 'stretch', dueAt: NOW + 30_000 },
          { id: 'c', text: 'dentist', dueAt: NOW + 2 * 1_440 * MIN },
        ],
        NOW,
        'UTC',
      ),
    ).toEqual([
      { id: 'a', text: 'stretch', when: 'in 1 min · 2:07 PM' },
      { id: 'b', text: 'call Anna', when: 'in 1 h 5 min · 3:12 PM' },
      { id: 'c', text: 'dentist', when: 'in 2 d · Tue, Nov 24, 2:07 PM' },
    ]);
  });

  it('says "due now" of one that came due and has not rung yet', () => {
    expect(dueText(NOW - MIN, NOW, 'UTC')).toBe('due now');
    expect(dueText(NOW + 60 * MIN, NOW, 'UTC')).toBe('in 1 h · 3:07 PM');
    // The day is the user's: 11 PM in Tokyo is tomorrow there.
    expect(dueText(NOW + 60 * MIN, NOW, 'Asia/Tokyo')).toBe('in 1 h · Mon, Nov 23, 12:07 AM');
  });
});

describe('the notes list', () => {
  it('shows the newest first with the day each was saved', () => {
    expect(
      noteRows(
        [
          { id: 'old', text: 'Allergic to peanuts', createdAt: NOW - 1_440 * MIN },
          { id: 'new', text: "My sister's name is Anna", createdAt: NOW },
        ],
        'UTC',
      ),
    ).toEqual([
      { id: 'new', text: "My sister's name is Anna", when: 'saved Nov 22, 2026' },
      { id: 'old', text: 'Allergic to peanuts', when: 'saved Nov 21, 2026' },
    ]);
  });

  it('drops an item the user removed', () => {
    expect(without([{ id: 'a' }, { id: 'b' }], 'a')).toEqual([{ id: 'b' }]);
  });
});
