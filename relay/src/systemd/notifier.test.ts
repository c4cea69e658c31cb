import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { notification, SystemdNotifier } from './notifier.ts';

/** A channel that records what would have been sent to systemd. */
function recorder() {
  const sent: string[] = [];
  let closed = 0;
  return {
    sent,
    closed: () => closed,
    channel: {
      send: (m: string) => {
        sent.push(m);
      },
      close: () => {
        closed++;
      },
    },
  };
}

describe('SystemdNotifier', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says READY=1 once listening, then pings WATCHDOG=1 every interval', async () => {
    const r = recorder();
    const notifier = new SystemdNotifier({ channel: r.channel, watchdogIntervalMs: 15_000 });
    try {
      await vi.advanceTimersByTimeAsync(60_000);
      expect(r.sent).toEqual([]);
      notifier.ready('Listening on http://127.0.0.1:8787');
      expect(r.sent).toEqual(['READY=1\nSTATUS=Listening on http://127.0.0.1:8787']);
      await vi.advanceTimersByTimeAsync(14_999);
      expect(r.sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(r.sent).toEqual([expect.stringMatching(/^READY=1/), 'WATCHDOG=1']);
      await vi.advanceTimersByTimeAsync(30_000);
      expect(r.sent.slice(1)).toEqual(['WATCHDOG=1', 'WATCHDOG=1', 'WATCHDOG=1']);
    } finally {
      notifier.close();
    }
  });

  it('sends the running status with each ping', async () => {
    const r = recorder();
    const notifier = new SystemdNotifier({ channel: r.channel, watchdogIntervalMs: 1000 });
    let sessions = 0;
    try {
      notifier.ready('Listening', () => `${sessions} sessions`);
      sessions = 3;
      await vi.advanceTimersByTimeAsync(1000);
      expect(r.sent.at(-1)).toBe('WATCHDOG=1\nSTATUS=3 sessions');
    } finally {
      notifier.close();
    }
  });

  it('without a watchdog, says READY=1 and never pings', async () => {
    const r = recorder();
    const notifier = new SystemdNotifier({ channel: r.channel, watchdogIntervalMs: null });
    try {
      notifier.ready('Listening');
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(r.sent).toEqual(['READY=1\nSTATUS=Listening']);
    } finally {
      notifier.close();
    }
  });

  it('says STOPPING=1 once on shutdown and keeps pinging while the relay drains', async () => {
    const r = recorder();
    const notifier = new SystemdNotifier({ channel: r.channel, watchdogIntervalMs: 1000 });
    try {
      notifier.ready('Listening', () => '2 sessions');
      notifier.stopping('Stopping (SIGTERM)');
      notifier.stopping('Stopping (SIGINT)');
      expect(r.sent.slice(1)).toEqual(['STOPPING=1\nSTATUS=Stopping (SIGTERM)']);
      notifier.ready('Listening again');
      await vi.advanceTimersByTimeAsync(2000);
      // The running status would contradict the stopping one: pings go without.
      expect(r.sent.slice(2)).toEqual(['WATCHDOG=1', 'WATCHDOG=1']);
    } finally {
      notifier.close();
    }
  });

  it('sends nothing after close, and closes its channel once', async () => {
    const r = recorder();
    const notifier = new SystemdNotifier({ channel: r.channel, watchdogIntervalMs: 1000 });
    notifier.ready('Listening');
    notifier.close();
    notifier.close();
    await vi.advanceTimersByTimeAsync(5000);
    notifier.status('late');
    notifier.stopping('late');
    expect(r.sent).toEqual(['READY=1\nSTATUS=Listening']);
    expect(r.closed()).toBe(1);
  });

  it('sends a status line before ready (start-up progress)', () => {
    const r = recorder();
    const notifier = new SystemdNotifier({ channel: r.channel, watchdogIntervalMs: 1000 });
    try {
      notifier.status('Starting: loading providers');
      expect(r.sent).toEqual(['STATUS=Starting: loading providers']);
    } finally {
      notifier.close();
    }
  });
});

describe('notification', () => {
  it('writes one assignment per line, line breaks in a value as spaces', () => {
    expect(notification({ READY: '1', STATUS: 'Failed to start:\nbad PORT\r\nbad HOST' })).toBe(
      'READY=1\nSTATUS=Failed to start: bad PORT bad HOST',
    );
  });
});
