import { describe, expect, it } from 'vitest';
import { pushedReminder, reminderPosted } from './pushed-reminder.ts';
import { intlFor } from '../i18n/intl.ts';

const en = intlFor('en-US');

const DUE = Date.UTC(2026, 10, 23, 13, 32);
const reminder = { id: 'r1', text: 'stretch', dueAt: DUE };
const push = JSON.stringify({ type: 'reminder', reminder });

describe('pushedReminder', () => {
  it('shows a notification when no window of the app has the focus', () => {
    for (const windows of [[], [{ focused: false }]])
      expect(pushedReminder(en, push, windows, DUE + 1_000)).toEqual({
        reminder,
        alert: {
          title: 'Reminder: stretch',
          options: {
            body: 'Parley',
            tag: 'reminder-r1',
            icon: '/icons/icon-192.png',
            data: { reminderId: 'r1' },
          },
        },
      });
  });

  it('says when it was due when it arrives late (a phone that was off)', () => {
    const late = pushedReminder(en, push, [], DUE + 3_600_000);
    expect(late?.alert?.options.body).toMatch(/^\(late: due at \d{1,2}:32 [AP]M\)$/);
  });

  it('leaves it to the window the user is looking at', () => {
    expect(pushedReminder(en, push, [{ focused: false }, { focused: true }], DUE)).toEqual({
      reminder,
      alert: null,
    });
  });

  it('ignores a push it does not understand', () => {
    expect(pushedReminder(en, 'not json', [], DUE)).toBeNull();
    expect(pushedReminder(en, JSON.stringify({ type: 'news', text: 'x' }), [], DUE)).toBeNull();
  });
});

describe('reminderPosted', () => {
  it('reads what the service worker posts to the page, and nothing else', () => {
    expect(reminderPosted({ type: 'parley.reminder', reminder })).toEqual(reminder);
    expect(reminderPosted({ type: 'parley.reminder', reminder: { id: 'x' } })).toBeNull();
    expect(reminderPosted({ type: 'SKIP_WAITING' })).toBeNull();
    expect(reminderPosted(null)).toBeNull();
  });
});
