import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLog } from '../../../test/log-capture.ts';
import { logger } from '../../log/logger.ts';
import { HealthMonitor } from './health-monitor.ts';
import { ProviderSlot } from './provider-slot.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A provider whose reachability probe and real calls (trials) each work or not. */
class Remote {
  readonly info = { id: 'alpha', label: 'alpha' };
  reachable = true;
  works = false;
  probes = 0;
  trials = 0;
  probe(): Promise<void> {
    this.probes++;
    return this.reachable ? Promise.resolve() : Promise.reject(new Error('HTTP 503'));
  }
  trial(): Promise<void> {
    this.trials++;
    return this.works ? Promise.resolve() : Promise.reject(new Error('HTTP 500'));
  }
}

function setup() {
  const remote = new Remote();
  const slot = new ProviderSlot('llm', 0, remote, {
    failureThreshold: 3,
    cooldownMs: 10_000,
    now: Date.now,
  });
  const monitor = new HealthMonitor(
    [{ slot, trial: () => remote.trial(), trialTimeoutMs: 1000 }],
    { intervalMs: 30_000, timeoutMs: 1000 },
    logger('test:health-monitor'),
  );
  return { remote, slot, monitor };
}

describe('HealthMonitor', () => {
  it('never clears the failures of real calls with a successful /models probe', async () => {
    const { remote, slot, monitor } = setup();
    monitor.start();
    slot.failed(new Error('chat: HTTP 500'));
    slot.failed(new Error('chat: HTTP 500'));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(remote.probes).toBe(1);
    expect(slot.status()).toMatchObject({
      health: 'DEGRADED',
      consecutiveFailures: 2,
      lastProbe: { ok: true },
    });
    slot.failed(new Error('chat: HTTP 500'));
    expect(slot.status()).toMatchObject({ state: 'open', health: 'FAILED' });
    await monitor.stop();
  });

  it('counts a failed probe: an outage is noticed before a user meets it', async () => {
    const { remote, slot, monitor } = setup();
    remote.reachable = false;
    monitor.start();
    await vi.advanceTimersByTimeAsync(90_000);
    expect(slot.status()).toMatchObject({ state: 'open', lastProbe: { ok: false } });
    await monitor.stop();
  });

  it('tests a provider with a real call when its cool-down ends; users skip it meanwhile', async () => {
    const { remote, slot, monitor } = setup();
    monitor.start();
    for (let i = 0; i < 3; i++) slot.failed(new Error('chat: HTTP 500'));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(remote.trials).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    // The trial failed: open again, for twice as long; user calls were never let through.
    expect(remote.trials).toBe(1);
    expect(slot.status()).toMatchObject({ state: 'open', consecutiveFailures: 4 });
    expect(slot.admit()).toBe(false);
    remote.works = true;
    await vi.advanceTimersByTimeAsync(19_999);
    expect(remote.trials).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(remote.trials).toBe(2);
    expect(slot.status()).toMatchObject({ state: 'closed', health: 'HEALTHY' });
    expect(slot.admit()).toBe(true);
    await monitor.stop();
  });

  it('waits out a Retry-After longer than the cool-down before its trial', async () => {
    const { remote, slot, monitor } = setup();
    monitor.start();
    for (let i = 0; i < 3; i++) slot.failed(new Error('chat: HTTP 500'));
    slot.breaker.holdUntil(Date.now() + 25_000);
    remote.works = true;
    await vi.advanceTimersByTimeAsync(24_999);
    expect(remote.trials).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(remote.trials).toBe(1);
    expect(slot.breaker.state).toBe('closed');
    await monitor.stop();
  });

  it('leaves a half-open provider to the trial while trials run in the background', () => {
    const { slot } = setup();
    slot.backgroundTrials = true;
    for (let i = 0; i < 3; i++) slot.failed(new Error('chat: HTTP 500'));
    vi.advanceTimersByTime(10_000);
    expect(slot.breaker.state).toBe('half-open');
    expect(slot.admit()).toBe(false);
    slot.backgroundTrials = false;
    expect(slot.admit()).toBe(true);
  });

  it('with probes off, leaves the half-open probe to the first user call', () => {
    const { slot } = setup();
    for (let i = 0; i < 3; i++) slot.failed(new Error('chat: HTTP 500'));
    vi.advanceTimersByTime(10_000);
    expect(slot.admit()).toBe(true);
    expect(slot.admit()).toBe(false);
  });
});

describe('HealthMonitor: what it logs (operators’ log-based checks, issue 63)', () => {
  function logged() {
    const remote = new Remote();
    const slot = new ProviderSlot('llm', 0, remote, {
      failureThreshold: 3,
      cooldownMs: 10_000,
      now: Date.now,
    });
    const { log, lines } = captureLog();
    const monitor = new HealthMonitor(
      [{ slot, trial: () => remote.trial(), trialTimeoutMs: 1000 }],
      { intervalMs: 30_000, timeoutMs: 1000, logEveryMs: 300_000 },
      log,
    );
    const rounds = () => lines.filter((l) => l.msg === '[HEALTH-CHECK] provider health round');
    return { remote, slot, monitor, lines, rounds };
  }

  it('says at start how often it probes and which providers it watches', async () => {
    const { monitor, lines } = logged();
    monitor.start();
    expect(lines).toMatchObject([
      {
        level: 30,
        msg: '[HEALTH-CHECK] probing providers',
        intervalMs: 30_000,
        timeoutMs: 1000,
        providers: [{ provider: 'alpha', stage: 'llm' }],
      },
    ]);
    await monitor.stop();
  });

  it('logs a round at info with each provider up or down and how long its check took: when one changes, else every logEveryMs', async () => {
    const { remote, monitor, rounds } = logged();
    monitor.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(rounds()).toMatchObject([
      {
        level: 30,
        up: 1,
        down: 0,
        providers: [{ provider: 'alpha', stage: 'llm', checked: 'probe', up: true, ms: 0 }],
      },
    ]);
    // Nothing changed: no line for the next rounds…
    await vi.advanceTimersByTimeAsync(4 * 30_000);
    expect(rounds()).toHaveLength(1);
    // …until the provider goes down.
    remote.reachable = false;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(rounds()).toHaveLength(2);
    expect(rounds()[1]).toMatchObject({
      up: 0,
      down: 1,
      providers: [{ provider: 'alpha', checked: 'probe', up: false }],
    });
    // Down and staying down (its breaker open: not probed, no trial yet): one line per 5 min.
    await vi.advanceTimersByTimeAsync(270_000);
    expect(rounds()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(rounds()).toHaveLength(3);
    expect(rounds()[2]).toMatchObject({ down: 1, providers: [{ provider: 'alpha', up: false }] });
    await monitor.stop();
  });

  it('says so at start when probing is off (HEALTH_PROBE_INTERVAL_S=0), and logs no round', async () => {
    const off = captureLog();
    const monitor = new HealthMonitor([], { intervalMs: 0, timeoutMs: 1000 }, off.log);
    monitor.start();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(off.lines).toMatchObject([
      { level: 30, msg: '[HEALTH-CHECK] off: providers are not probed', intervalMs: 0 },
    ]);
    expect(off.lines).toHaveLength(1);
    await monitor.stop();
  });
});
