import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { captureLog } from '../../test/log-capture.ts';
import { StallWatchdog } from './stall-watchdog.ts';

/** Holds the event loop for `ms`: the stall the watchdog must see. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning on purpose
  }
}

describe('the event-loop stall watchdog', () => {
  it('reports a busy loop as a stall, with its duration, in the log, the metric and the overview', async () => {
    const registry = new Registry();
    const { log, lines } = captureLog();
    const dog = new StallWatchdog({
      thresholdMs: 150,
      registry,
      log,
      tickMs: 20,
    });
    dog.start();
    try {
      await vi.waitFor(() => expect(dog.measuring).toBe(true));
      busyFor(400);
      await vi.waitFor(() => expect(dog.status().count).toBeGreaterThanOrEqual(1), {
        timeout: 5000,
      });
      // Longer than any stall a test process has by itself: the busy loop's.
      expect(dog.status().longestMs).toBeGreaterThanOrEqual(300);
      const stalls = lines.filter((l) => l.msg === 'event loop stalled');
      expect(stalls[0]).toMatchObject({ level: 40, thresholdMs: 150 });
      expect(Math.max(...stalls.map((l) => Number(l.stallMs)))).toBeGreaterThanOrEqual(300);
      const counted = (await registry.getSingleMetric('parley_event_loop_stalls_total')?.get())
        ?.values[0]?.value;
      expect(counted).toBe(stalls.length);
    } finally {
      dog.stop();
    }
  });

  it('runs no timer when switched off', () => {
    vi.useFakeTimers();
    try {
      const dog = new StallWatchdog({
        thresholdMs: null,
        registry: new Registry(),
        log: captureLog().log,
      });
      dog.start();
      expect(vi.getTimerCount()).toBe(0);
      expect(dog.status()).toMatchObject({ thresholdMs: 0, count: 0 });
      dog.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
