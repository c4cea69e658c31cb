import { describe, expect, it } from 'vitest';
import { overReplyText } from './over-reply-text.ts';
import { intlFor } from '../../i18n/intl.ts';

const en = intlFor('en');

describe('overReplyText', () => {
  it('says what each sound over the reply did, and why', () => {
    expect(overReplyText(en, undefined)).toBe('–');
    expect(
      overReplyText(en, [
        { action: 'resume', reason: 'backchannel "yeah"', afterMs: 720 },
        { action: 'stop', reason: 'stop word "wait"', afterMs: 290 },
      ]),
    ).toBe('went on · backchannel "yeah" (720 ms); stopped · stop word "wait" (290 ms)');
  });
});
