import { describe, expect, it } from 'vitest';
import { readNotifyEnv } from './notify-env.ts';

const PID = 4242;

describe('readNotifyEnv', () => {
  it('is null without a notification socket (not run by systemd as Type=notify)', () => {
    expect(readNotifyEnv({}, PID)).toBeNull();
    expect(readNotifyEnv({ NOTIFY_SOCKET: '' }, PID)).toBeNull();
    expect(readNotifyEnv({ WATCHDOG_USEC: '30000000' }, PID)).toBeNull();
  });

  it('takes a path as it is, and an abstract name with its @ as a NUL', () => {
    expect(readNotifyEnv({ NOTIFY_SOCKET: '/run/systemd/notify' }, PID)).toEqual({
      address: '/run/systemd/notify',
      watchdogIntervalMs: null,
    });
    expect(readNotifyEnv({ NOTIFY_SOCKET: '@/org/freedesktop/systemd1/notify/42' }, PID)).toEqual({
      address: '\0/org/freedesktop/systemd1/notify/42',
      watchdogIntervalMs: null,
    });
  });

  it('refuses an address that is neither absolute nor abstract (sd_notify ignores those too)', () => {
    expect(readNotifyEnv({ NOTIFY_SOCKET: 'run/notify' }, PID)).toBeNull();
  });

  it('pings at half the watchdog timeout', () => {
    const env = { NOTIFY_SOCKET: '/run/n', WATCHDOG_USEC: '30000000' };
    expect(readNotifyEnv(env, PID)?.watchdogIntervalMs).toBe(15_000);
    expect(readNotifyEnv({ ...env, WATCHDOG_USEC: '200000' }, PID)?.watchdogIntervalMs).toBe(100);
    // Below 2 ms of timeout the interval is still a whole, positive number of milliseconds.
    expect(readNotifyEnv({ ...env, WATCHDOG_USEC: '500' }, PID)?.watchdogIntervalMs).toBe(1);
  });

  it('does not ping for a watchdog that is another process’s, or not a positive number', () => {
    const env = { NOTIFY_SOCKET: '/run/n', WATCHDOG_USEC: '30000000' };
    expect(readNotifyEnv({ ...env, WATCHDOG_PID: String(PID) }, PID)?.watchdogIntervalMs).toBe(
      15_000,
    );
    expect(readNotifyEnv({ ...env, WATCHDOG_PID: '1' }, PID)?.watchdogIntervalMs).toBeNull();
    for (const usec of ['0', '-5', 'soon', '1.5', ''])
      expect(readNotifyEnv({ ...env, WATCHDOG_USEC: usec }, PID)?.watchdogIntervalMs).toBeNull();
  });
});
