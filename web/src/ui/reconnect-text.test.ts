import { describe, expect, it } from 'vitest';
import { intlFor } from '../i18n/intl.ts';
import { keptText as keptIn } from './reconnect-text.ts';

const keptText = keptIn.bind(null, intlFor('en'));

const uplink = (keptMs: number, lostMs = 0, typed = 0) => ({
  keptMs,
  capacityMs: 30_000,
  lostMs,
  typed,
});

describe('keptText', () => {
  it('says speech is kept, how much, and up to what', () => {
    expect(keptText(uplink(0), true)).toBe(
      'What you say is kept and will be sent when it is back (up to 30 sec).',
    );
    expect(keptText(uplink(4_200), true)).toBe(
      'What you say is kept and will be sent when it is back (4 sec kept, up to 30 sec).',
    );
  });

  it('says plainly what will not be sent once the buffer overflowed', () => {
    expect(keptText(uplink(30_000, 7_000), true)).toBe(
      'Only the last 30 sec of speech can be kept: 7 sec of what you said will not be sent.',
    );
  });

  it('counts typed messages waiting, in and out of a call', () => {
    expect(keptText(uplink(0, 0, 2), true)).toMatch(/Your 2 messages are kept and will be sent\.$/);
    expect(keptText(uplink(0, 0, 1), false)).toBe('Your message is kept and will be sent.');
    expect(keptText(uplink(0), false)).toBe('What you type is kept and will be sent.');
  });

  it('in Dutch, with its plural', () => {
    expect(keptIn(intlFor('nl'), uplink(0, 0, 2), false)).toBe(
      'Je 2 berichten worden bewaard en verstuurd.',
    );
    expect(keptIn(intlFor('nl'), uplink(1_500), true)).toBe(
      'Wat je zegt, wordt bewaard en verstuurd zodra de verbinding terug is (2 sec bewaard, tot 30 sec).',
    );
  });
});
