import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { busyShare, cpuTimesOf, HostSampler } from './host-stats.ts';

const cpu = (user: number, sys: number, idle: number) => ({
  times: { user, nice: 0, sys, idle, irq: 0 },
});

describe('host CPU', () => {
  it('is the share of all CPUs’ time spent busy between two readings', () => {
    const before = cpuTimesOf([cpu(100, 50, 850), cpu(0, 0, 1000)]);
    expect(before).toEqual({ busyMs: 150, totalMs: 2000 });
    // 1000 ms later on each CPU: one busy 600 of them, the other 200.
    const after = cpuTimesOf([cpu(600, 150, 1250), cpu(200, 0, 1800)]);
    expect(busyShare(before, after)).toBeCloseTo(0.4, 10);
  });

  it('is unknown when no time passed (or the counters went back)', () => {
    const t = cpuTimesOf([cpu(1, 1, 1)]);
    expect(busyShare(t, t)).toBeNull();
    expect(busyShare(t, { busyMs: 0, totalMs: 0 })).toBeNull();
  });
});

describe('the host sampler', () => {
  it('reads CPU from the second reading on, memory, and the data folder’s disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-host-'));
    try {
      const sampler = new HostSampler(dir);
      const first = await sampler.sample();
      expect(first.cpuBusy).toBeNull();
      expect(first.cpus).toBeGreaterThan(0);
      expect(first.memTotalBytes).toBeGreaterThan(first.memFreeBytes);
      expect(first.disk?.path).toBe(dir);
      expect(first.disk?.totalBytes).toBeGreaterThan(first.disk?.freeBytes ?? Infinity);
      // Burn a little CPU so the counters surely move.
      const until = performance.now() + 30;
      while (performance.now() < until);
      const second = await sampler.sample();
      expect(second.cpuBusy).toBeGreaterThanOrEqual(0);
      expect(second.cpuBusy).toBeLessThanOrEqual(1);
      // Asked again at once (the counters may not have moved): still a share, never unknown.
      expect((await sampler.sample()).cpuBusy).toBeGreaterThanOrEqual(0);
      expect(await new HostSampler(join(dir, 'missing')).sample()).toMatchObject({ disk: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
