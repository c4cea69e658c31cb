import { describe, expect, it } from 'vitest';
import { mayResume } from './resume-grace.ts';

const GRACE = 60_000;

describe('mayResume', () => {
  it('an open session may be resumed', () => {
    expect(mayResume({ endedAt: null, closeReason: null, updatedAt: 0 }, 10 * GRACE, GRACE)).toBe(
      true,
    );
  });

  it('one its user or a limit ended may not', () => {
    const ended = { endedAt: 1000, closeReason: 'ended by the user', updatedAt: 1000 };
    expect(mayResume(ended, 1001, GRACE)).toBe(false);
  });

  it('one its relay left behind may, for the grace counted from when that was found', () => {
    // Last written long before the crash; the restarted relay found it at 100,000.
    const swept = { endedAt: 1000, closeReason: 'relay-restart', updatedAt: 100_000 };
    expect(mayResume(swept, 100_000 + GRACE, GRACE)).toBe(true);
    expect(mayResume(swept, 100_001 + GRACE, GRACE)).toBe(false);
    expect(mayResume({ ...swept, closeReason: 'stale' }, 100_000 + GRACE, GRACE)).toBe(true);
  });
});
