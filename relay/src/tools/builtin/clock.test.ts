import { describe, expect, it } from 'vitest';
import { clockReading, clockTool, validTimeZone } from './clock.ts';

const NOW = Date.UTC(2026, 10, 22, 14, 7, 5); // Sunday 22 November 2026, 14:07:05 UTC

const context = (timeZone?: string) => ({
  userId: 'u',
  sessionId: 's',
  signal: new AbortController().signal,
  now: () => NOW,
  ...(timeZone === undefined ? {} : { timeZone }),
});

describe('the clock', () => {
  it('reads the time and date in the zone asked, with its offset', () => {
    expect(clockReading(NOW, 'UTC')).toEqual({
      time: '2:07 PM',
      date: 'Sunday, November 22, 2026',
      timeZone: 'UTC',
      iso: '2026-11-22T14:07:05+00:00',
    });
    expect(clockReading(NOW, 'Asia/Tokyo')).toMatchObject({
      time: '11:07 PM',
      iso: '2026-11-22T23:07:05+09:00',
    });
    // West of Greenwich, and across midnight into the day before.
    expect(clockReading(Date.UTC(2026, 10, 22, 2, 30), 'America/New_York')).toMatchObject({
      time: '9:30 PM',
      date: 'Saturday, November 21, 2026',
      iso: '2026-11-21T21:30:00-05:00',
    });
  });

  it('falls back to the relay zone for an unknown zone rather than failing', () => {
    expect(validTimeZone('Mars/Olympus')).toBeUndefined();
    expect(clockReading(NOW, 'Mars/Olympus').time).toMatch(/^\d+:07 [AP]M$/);
  });

  it('is a read-only tool the model gets JSON from and the transcript a line', async () => {
    expect(clockTool.readOnly).toBe(true);
    const result = await clockTool.run({}, context('Europe/Paris'));
    expect(JSON.parse(result.content)).toMatchObject({
      time: '3:07 PM',
      timeZone: 'Europe/Paris',
      iso: '2026-11-22T15:07:05+01:00',
    });
    expect(result.summary).toBe('3:07 PM, Sunday, November 22, 2026');
    expect(result.isError).toBeUndefined();
  });
});
