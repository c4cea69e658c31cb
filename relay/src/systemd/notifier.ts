/** Where notifications go: systemd's socket, or a recorder in tests. */
export interface NotifyChannel {
  /** Writes one notification (newline-separated assignments); never throws. */
  send(message: string): void;
  /** Releases the channel; nothing is sent after. */
  close(): void;
}

/** Options of {@link SystemdNotifier}. */
export interface SystemdNotifierOptions {
  channel: NotifyChannel;
  /** How often to send `WATCHDOG=1` once ready (half the watchdog timeout), null for never. */
  watchdogIntervalMs: number | null;
}

/**
 * Decides what to tell systemd, and when: `READY=1` once the relay listens, then `WATCHDOG=1`
 * every `watchdogIntervalMs` while it runs, `STOPPING=1` when it starts shutting down. The
 * pings come from a timer on the event loop, so a loop blocked for longer than the watchdog
 * timeout (a busy-looping turn, a synchronous flood) is what gets the relay restarted.
 * Pings go on while the relay drains: that can outlast one watchdog interval.
 */
export class SystemdNotifier {
  private timer: ReturnType<typeof setInterval> | null = null;
  private state: 'starting' | 'ready' | 'stopping' | 'closed' = 'starting';
  private pingStatus: (() => string) | undefined;

  constructor(private readonly options: SystemdNotifierOptions) {}

  /**
   * The relay listens: `READY=1` with `status`, and the watchdog pings start, each with
   * `pingStatus()` as the status line while the relay runs (`systemctl status` shows the last).
   */
  ready(status: string, pingStatus?: () => string): void {
    if (this.state !== 'starting') return;
    this.state = 'ready';
    this.pingStatus = pingStatus;
    this.options.channel.send(notification({ READY: '1', STATUS: status }));
    const intervalMs = this.options.watchdogIntervalMs;
    if (intervalMs === null) return;
    this.timer = setInterval(() => this.ping(), intervalMs);
    // The relay's own servers and handles decide when the process may exit, not this timer.
    this.timer.unref();
  }

  /** A new status line (`STATUS=`), e.g. for a condition an operator should see. */
  status(status: string): void {
    if (this.state === 'closed') return;
    this.options.channel.send(notification({ STATUS: status }));
  }

  /** The relay starts shutting down: `STOPPING=1` with `status`. */
  stopping(status: string): void {
    if (this.state === 'stopping' || this.state === 'closed') return;
    this.state = 'stopping';
    this.options.channel.send(notification({ STOPPING: '1', STATUS: status }));
  }

  /** No more notifications: the pings stop and the channel is closed. */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.options.channel.close();
  }

  private ping(): void {
    const status = this.state === 'ready' ? this.pingStatus?.() : undefined;
    this.options.channel.send(
      notification({ WATCHDOG: '1', ...(status ? { STATUS: status } : {}) }),
    );
  }
}

/**
 * One datagram of assignments, one per line (sd_notify(3)). A value cannot span lines: line
 * breaks in a status become spaces.
 */
export function notification(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${value.replace(/[\r\n]+/g, ' ')}`)
    .join('\n');
}
