import { describe, expect, it } from 'vitest';
import { intlFor } from '../i18n/intl.ts';
import { lateNote as lateIn } from './late-note.ts';

const lateNote = lateIn.bind(null, intlFor('en-US'));

const DUE = Date.UTC(2026, 10, 23, 13, 32);
const MINUTE = 60_000;

describe('lateNote', () => {
  it('says nothing of a reminder shown within a minute of its time', () => {
    expect(lateNote(DUE, DUE, 'Europe/Amsterdam')).toBeNull();
    expect(lateNote(DUE, DUE + MINUTE, 'Europe/Amsterdam')).toBeNull();
  });

  it('says when it was due, in the user’s zone, once it is late', () => {
    expect(lateNote(DUE, DUE + MINUTE + 1, 'Europe/Amsterdam')).toBe('(late: due at 2:32 PM)');
    expect(lateNote(DUE, DUE + 3 * 60 * MINUTE, 'America/New_York')).toBe('(late: due at 8:32 AM)');
  });

  it('names the day when it was due on another', () => {
    expect(lateNote(DUE, DUE + 24 * 60 * MINUTE, 'Europe/Amsterdam')).toBe(
      '(late: due Mon, Nov 23, 2:32 PM)',
    );
  });
});
