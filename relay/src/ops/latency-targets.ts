import {
  latencyTargetsReportOf,
  type LatencyTargets,
  type LatencyTargetsReport,
} from '@parley/shared';
import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { Storage } from '../storage/index.ts';

export interface LatencyTargetsOptions {
  storage: Pick<Storage, 'latency'>;
  targets: LatencyTargets;
  /** The latest sessions (with turns) whose turns are judged. */
  windowSessions: number;
  /**
   * How long one reading of storage answers every caller (ms, default 2000): `/api/status` and
   * the ops dashboard's polls share it instead of each reading the window.
   */
  maxAgeMs?: number;
  /** Epoch-ms clock. */
  now?: () => number;
  log: Logger;
}

/**
 * The latency targets report (`/api/status`, `/api/admin/overview`), computed from storage —
 * not from this process's memory — so every relay of a shared database reports the same
 * window. One read at a time; a reading younger than `maxAgeMs` is served again.
 */
export class LatencyTargetsReader {
  private last: LatencyTargetsReport | null = null;
  private reading: Promise<LatencyTargetsReport | null> | null = null;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(private readonly options: LatencyTargetsOptions) {
    this.maxAgeMs = options.maxAgeMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** The report, at most `maxAgeMs` old; null when storage could not be read (logged). */
  report(): Promise<LatencyTargetsReport | null> {
    const last = this.last;
    if (last !== null && this.now() - last.atMs < this.maxAgeMs) return Promise.resolve(last);
    this.reading ??= this.read().finally(() => (this.reading = null));
    return this.reading;
  }

  private async read(): Promise<LatencyTargetsReport | null> {
    const { storage, targets, windowSessions, log } = this.options;
    try {
      const window = await storage.latency.recent(windowSessions);
      this.last = latencyTargetsReportOf({
        ...window,
        targets,
        windowSessions,
        atMs: this.now(),
      });
      return this.last;
    } catch (err) {
      log.warn({ err: describeError(err) }, 'could not read the latency window');
      return null;
    }
  }
}
