import { statfs } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem, type CpuInfo } from 'node:os';
import { resolve } from 'node:path';
import type { HostStats } from '@parley/shared';

/** All CPUs' time so far (ms since boot): busy, and in all. */
export interface CpuTimes {
  busyMs: number;
  totalMs: number;
}

/** Sums the kernel's per-CPU counters (`os.cpus()`). Pure. */
export function cpuTimesOf(infos: readonly Pick<CpuInfo, 'times'>[]): CpuTimes {
  let busyMs = 0;
  let totalMs = 0;
  for (const { times } of infos) {
    const total = times.user + times.nice + times.sys + times.idle + times.irq;
    totalMs += total;
    busyMs += total - times.idle;
  }
  return { busyMs, totalMs };
}

/** Share (0–1) of the CPUs' time spent busy between two readings; null when none passed. Pure. */
export function busyShare(before: CpuTimes, after: CpuTimes): number | null {
  const total = after.totalMs - before.totalMs;
  if (!(total > 0)) return null;
  return Math.min(1, Math.max(0, (after.busyMs - before.busyMs) / total));
}

/**
 * The host's CPU, memory and the data folder's disk, as the ops overview shows them. CPU is a
 * share of all CPUs since the previous reading (none the first time).
 */
export class HostSampler {
  private last: CpuTimes | null = null;
  private lastShare: number | null = null;
  private readonly dataDir: string;

  /** @param dataDir the folder whose file system is reported (`DATA_DIR`) */
  constructor(dataDir: string) {
    this.dataDir = resolve(dataDir);
  }

  async sample(): Promise<HostStats> {
    const infos = cpus();
    const now = cpuTimesOf(infos);
    const share = this.last === null ? null : busyShare(this.last, now);
    // Asked again before the counters moved (they tick every 10 ms): the last share stands,
    // and the next one is measured from the same reading.
    if (share !== null || this.last === null) {
      this.last = now;
      this.lastShare = share;
    }
    const cpuBusy = this.lastShare;
    const [one = 0, five = 0, fifteen = 0] = loadavg();
    return {
      cpus: infos.length,
      cpuBusy,
      loadAvg: [one, five, fifteen],
      memTotalBytes: totalmem(),
      memFreeBytes: freemem(),
      disk: await this.disk(),
    };
  }

  /** The data folder's file system; null when it cannot be read (no such folder yet). */
  private async disk(): Promise<HostStats['disk']> {
    try {
      const fs = await statfs(this.dataDir);
      return {
        path: this.dataDir,
        totalBytes: fs.blocks * fs.bsize,
        freeBytes: fs.bavail * fs.bsize,
      };
    } catch {
      return null;
    }
  }
}
