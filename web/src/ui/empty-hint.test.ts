import { describe, expect, it } from 'vitest';
import { intlFor } from '../i18n/intl.ts';
import { emptyHint } from './empty-hint.ts';

const en = intlFor('en');
const nl = intlFor('nl');

describe('the empty screen', () => {
  it('suggests what to say before a call', () => {
    expect(emptyHint(en, 'idle')).toBe(
      'Press Talk and say something, like “what is your name” or “good afternoon”.',
    );
  });

  it('prompts during a call', () => {
    expect(emptyHint(en, 'listening')).toBe('Listening… say something.');
  });

  it('in Dutch, suggests Dutch the offline responder answers, typed when Dutch cannot be spoken', () => {
    expect(emptyHint(nl, 'idle', false)).toBe(
      'Typ een bericht, zoals ‘hoe laat is het’, ‘wat is twaalf keer zeven’ of ‘onthoud dat mijn zus Anna heet’.',
    );
    expect(emptyHint(nl, 'idle', true)).toMatch(/^Druk op Praten en zeg iets, zoals ‘hoe laat/);
  });
});
