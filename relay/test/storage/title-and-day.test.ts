import { describe, expect, it } from 'vitest';
import { sessionTitle, TITLE_MAX_CHARS, utcDay } from '../../src/storage/index.ts';

describe('sessionTitle', () => {
  it('collapses whitespace and keeps short utterances whole', () => {
    expect(sessionTitle('  Book a\n table   for two ')).toBe('Book a table for two');
    expect(sessionTitle(' \t\n')).toBeNull();
  });

  it('cuts long ones to 80 characters with an ellipsis, never inside a code point', () => {
    const title = sessionTitle('🙂'.repeat(100)) ?? '';
    expect(Array.from(title)).toHaveLength(TITLE_MAX_CHARS);
    expect(title.endsWith('🙂…')).toBe(true);
    expect(sessionTitle('x'.repeat(80))).toBe('x'.repeat(80));
  });
});

describe('utcDay', () => {
  it('is the UTC calendar day, whatever the local time zone', () => {
    expect(utcDay(Date.UTC(2025, 0, 31, 23, 59, 59, 999))).toBe('2025-01-31');
    expect(utcDay(Date.UTC(2025, 1, 1, 0, 0, 0, 0))).toBe('2025-02-01');
  });
});
