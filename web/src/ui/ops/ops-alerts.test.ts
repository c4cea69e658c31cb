import { describe, expect, it } from 'vitest';
import type { OpsWatchdogs } from '@parley/shared';
import { opsAlerts } from './ops-alerts.ts';
import { intlFor } from '../../i18n/intl.ts';

const en = intlFor('en');

const MB = 1024 * 1024;

const quiet: OpsWatchdogs = {
  memory: {
    high: false,
    highSinceMs: null,
    rssBytes: 200 * MB,
    heapUsedBytes: 80 * MB,
    heapTotalBytes: 120 * MB,
    externalBytes: 10 * MB,
    limitBytes: 512 * MB,
    limitSource: 'cgroup',
    warnPercent: 80,
  },
  stuckTurns: [],
  stalls: { windowMs: 300_000, thresholdMs: 200, count: 0, longestMs: null, lastAtMs: null },
};

describe('the ops alerts', () => {
  it('are none while all is quiet', () => {
    expect(opsAlerts(en, quiet, 1_000_000)).toEqual([]);
  });

  it('say how high memory is against which limit, each stuck turn, and the stalls', () => {
    const alerts = opsAlerts(
      en,
      {
        memory: { ...quiet.memory, high: true, highSinceMs: 880_000, rssBytes: 450 * MB },
        stuckTurns: [{ sessionId: 's-1', turnId: 4, stage: 'llm', runningMs: 75_000 }],
        stalls: { ...quiet.stalls, count: 3, longestMs: 640, lastAtMs: 970_000 },
      },
      1_000_000,
    );
    expect(alerts.map((a) => [a.key, a.level])).toEqual([
      ['memory', 'error'],
      ['turn-s-1-4', 'warn'],
      ['stalls', 'warn'],
    ]);
    expect(alerts[0]?.text).toBe(
      'Memory high for 2 min: 450 MB resident of 512 MB (the container’s limit), 88 %, over the 80 % warning; heap 80 of 120 MB.',
    );
    expect(alerts[1]?.text).toBe(
      'Turn 4 of session s-1 has run 75 s, waiting on the language model.',
    );
    expect(alerts[2]?.text).toBe(
      'The event loop stalled 3 times in the last 5 min (longest 640 ms, the last 30 s ago): everyone’s audio waited meanwhile.',
    );
  });
});
