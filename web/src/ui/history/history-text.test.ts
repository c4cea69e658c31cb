import { describe, expect, it } from 'vitest';
import { intlFor } from '../../i18n/intl.ts';
import * as text from './history-text.ts';

const en = intlFor('en');
const emptyHistoryText = text.emptyHistoryText.bind(null, en);
const foundText = text.foundText.bind(null, en);
const turnsText = text.turnsText.bind(null, en);

describe('history text', () => {
  it('counts turns in the singular for one', () => {
    expect([0, 1, 2].map(turnsText)).toEqual(['0 turns', '1 turn', '2 turns']);
  });

  it('says what a search found, and nothing without one', () => {
    expect(emptyHistoryText('')).toBe('No conversations yet.');
    expect(emptyHistoryText(' weather ')).toBe('No conversation mentions “weather”.');
    expect(foundText('weather', 1)).toBe('1 conversation found.');
    expect(foundText('weather', 3)).toBe('3 conversations found.');
    expect(foundText('  ', 3)).toBe('');
  });
});
