/**
 * What systemd asked of this process, read from the variables it sets for a `Type=notify`
 * service (sd_notify(3), sd_watchdog_enabled(3)).
 */
export interface NotifyTarget {
  /**
   * The datagram socket to write to: a path, or an abstract name as the kernel spells it (a
   * leading NUL where `NOTIFY_SOCKET` has `@`).
   */
  address: string;
  /** How often to send `WATCHDOG=1` (half the watchdog timeout), or null: no watchdog. */
  watchdogIntervalMs: number | null;
}

/**
 * Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `env`: null when there is no
 * socket to notify (not run by systemd, or not as `Type=notify`). The watchdog is this
 * process's only when `WATCHDOG_PID` is unset or names `pid` (a child that inherited the
 * variables must not ping in its parent's name), and `WATCHDOG_USEC` is a positive integer.
 */
export function readNotifyEnv(
  env: Readonly<Record<string, string | undefined>>,
  pid: number,
): NotifyTarget | null {
  const socket = env.NOTIFY_SOCKET?.trim();
  if (!socket) return null;
  // sd_notify(3): only absolute paths and abstract names ('@…') are valid addresses.
  if (!socket.startsWith('/') && !socket.startsWith('@')) return null;
  const address = socket.startsWith('@') ? `\0${socket.slice(1)}` : socket;
  return { address, watchdogIntervalMs: watchdogIntervalMs(env, pid) };
}

function watchdogIntervalMs(
  env: Readonly<Record<string, string | undefined>>,
  pid: number,
): number | null {
  const usec = env.WATCHDOG_USEC?.trim();
  if (!usec || !/^\d+$/.test(usec)) return null;
  const watchdogPid = env.WATCHDOG_PID?.trim();
  if (watchdogPid && watchdogPid !== String(pid)) return null;
  const timeoutMs = Number(usec) / 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return null;
  // sd_watchdog_enabled(3) recommends pinging at half the timeout: one late ping is survived.
  return Math.max(1, Math.floor(timeoutMs / 2));
}
