import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, retryAfterMs } from './retry-after.ts';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('retryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterMs('30', NOW)).toBe(30_000);
    expect(retryAfterMs(' 1.5 ', NOW)).toBe(1_500);
  });

  it('reads an HTTP date against the clock', () => {
    expect(retryAfterMs('Sun, 22 Nov 2026 12:00:20 GMT', NOW)).toBe(20_000);
  });

  it('ignores what is absent, unreadable, past, zero or too far away', () => {
    expect(retryAfterMs(null, NOW)).toBeNull();
    expect(retryAfterMs('', NOW)).toBeNull();
    expect(retryAfterMs('soon', NOW)).toBeNull();
    expect(retryAfterMs('-5', NOW)).toBeNull();
    expect(retryAfterMs('0', NOW)).toBeNull();
    expect(retryAfterMs('Sun, 22 Nov 2026 11:59:00 GMT', NOW)).toBeNull();
    expect(retryAfterMs(String(MAX_RETRY_AFTER_MS / 1000 + 1), NOW)).toBeNull();
    expect(retryAfterMs('120', NOW, 60_000)).toBeNull();
  });
});
