import { describe, expect, it } from 'vitest';
import { emptyHistoryText, foundText, turnsText } from './history-text.ts';

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
