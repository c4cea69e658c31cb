import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { captureLog } from '../../test/log-capture.ts';
import { readMemoryLimit } from './memory-limit.ts';
import { MemoryWatchdog, type MemorySample } from './memory-watchdog.ts';

const MB = 1024 ** 2;

async function gauge(registry: Registry, name: string): Promise<number | undefined> {
  return (await registry.getSingleMetric(name)?.get())?.values[0]?.value;
}

describe('the memory watchdog', () => {
  it('warns once when RSS passes 80 % of a 512 MB cgroup limit, and once when it is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-cgroup-'));
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const v2 = join(dir, 'memory.max');
      writeFileSync(v2, String(512 * MB));
      const limit = readMemoryLimit({ cgroupV2Path: v2, hostBytes: 8192 * MB });
      let rssMb = 300;
      const sample = (): MemorySample => ({
        rssBytes: rssMb * MB,
        heapUsedBytes: 100 * MB,
        heapTotalBytes: 150 * MB,
        externalBytes: 20 * MB,
      });
      const registry = new Registry();
      const { log, lines } = captureLog();
      const dog = new MemoryWatchdog({ limit, warnPercent: 80, registry, log, sample });
      dog.start();
      expect(await gauge(registry, 'parley_memory_limit_bytes')).toBe(512 * MB);
      expect(await gauge(registry, 'parley_memory_high')).toBe(0);

      // 80 % of 512 MB is 409.6 MB.
      rssMb = 450;
      await vi.advanceTimersByTimeAsync(5000);
      await vi.advanceTimersByTimeAsync(5000 * 10);
      expect(await gauge(registry, 'parley_memory_high')).toBe(1);
      expect(dog.status()).toMatchObject({
        high: true,
        highSinceMs: 1_005_000,
        rssBytes: 450 * MB,
        limitBytes: 512 * MB,
        limitSource: 'cgroup',
      });
      const warnings = lines.filter((l) => l.level === 40);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({
        msg: 'memory high: resident set above the warning share',
        rssMb: 450,
        heapUsedMb: 100,
        heapTotalMb: 150,
        externalMb: 20,
        limitMb: 512,
        limitSource: 'cgroup',
        warnPercent: 80,
      });

      rssMb = 350;
      await vi.advanceTimersByTimeAsync(5000);
      expect(await gauge(registry, 'parley_memory_high')).toBe(0);
      expect(lines.filter((l) => l.msg === 'memory back')).toHaveLength(1);
      expect(dog.status().high).toBe(false);
      dog.stop();
    } finally {
      vi.useRealTimers();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('puts the memory figures in the log every 5 minutes, and stops with its timer', async () => {
    vi.useFakeTimers();
    try {
      const { log, lines } = captureLog();
      const dog = new MemoryWatchdog({
        limit: { bytes: 8192 * MB, source: 'host' },
        warnPercent: 80,
        registry: new Registry(),
        log,
        sample: () => ({
          rssBytes: 200 * MB,
          heapUsedBytes: 80 * MB,
          heapTotalBytes: 120 * MB,
          externalBytes: 10 * MB,
        }),
      });
      dog.start();
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      const reports = lines.filter((l) => l.msg === 'memory');
      expect(reports).toHaveLength(3);
      expect(reports[0]).toMatchObject({
        level: 30,
        rssMb: 200,
        limitMb: 8192,
        limitSource: 'host',
      });
      dog.stop();
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(lines.filter((l) => l.msg === 'memory')).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
