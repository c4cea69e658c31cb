import { describe, expect, it } from 'vitest';
import { describeDelay, describeMoment } from './durations.ts';

describe('a delay as said', () => {
  it.each([
    [0, '0 seconds'],
    [1_000, '1 second'],
    [30_400, '30 seconds'],
    [60_000, '1 minute'],
    [10 * 60_000, '10 minutes'],
    [90_000, '1 minute and 30 seconds'],
    [3_600_000, '1 hour'],
    [3_900_000, '1 hour and 5 minutes'],
    [3_600_000 + 5_000, '1 hour'],
    [2 * 86_400_000 + 3_600_000, '2 days and 1 hour'],
  ])('%i ms: %s', (ms, said) => {
    expect(describeDelay(ms)).toBe(said);
  });
});

describe('a moment as said', () => {
  const NOW = Date.UTC(2026, 10, 22, 14, 7); // Sunday
  it('is a time today, a weekday this week, a date beyond', () => {
    expect(describeMoment(NOW + 10 * 60_000, NOW, 'UTC')).toBe('2:17 PM');
    expect(describeMoment(NOW + 86_400_000, NOW, 'UTC')).toBe('Monday, 2:07 PM');
    expect(describeMoment(NOW + 30 * 86_400_000, NOW, 'UTC')).toBe('Tuesday, December 22, 2:07 PM');
    // Today and tomorrow are the user's, not the relay's.
    expect(describeMoment(NOW + 10 * 3_600_000, NOW, 'Asia/Tokyo')).toBe('Monday, 9:07 AM');
  });
});
