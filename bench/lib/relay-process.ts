import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  FromRelay,
  MemoryBaseline,
  RelaySpec,
  RelayTotals,
  RelayWindow,
  ToRelay,
} from './relay-ipc.ts';

const MAIN = fileURLToPath(new URL('./relay-main.ts', import.meta.url));

export interface RelayProcessOptions {
  spec: RelaySpec;
  /** Relay settings (limits, auth, log level) on top of the bench's defaults. */
  env: Record<string, string>;
  /** The loopback port it listens on (a restart behind a load balancer keeps its own); absent: any. */
  port?: number;
  /** Its data folder (a restart keeps its own); absent: a fresh one. */
  dataDir?: string;
}

/**
 * One relay in its own process (so the load generator's CPU is not its CPU), with the fake
 * providers, a fresh SQLite database on disk, and the bench's measurements over IPC.
 */
export class RelayProcess {
  private stderr = '';
  private readonly waiters: ((m: FromRelay) => boolean)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly dataDir: string,
    readonly port: number,
    /** Idle relay after a full GC. */
    readonly baseline: MemoryBaseline,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  static async start(o: RelayProcessOptions): Promise<RelayProcess> {
    const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-bench-'));
    // Diagnostics: BENCH_RELAY_NODE_FLAGS adds node/V8 flags (e.g. `--trace-gc`) to the relay,
    // BENCH_RELAY_STDOUT keeps its stdout in that file.
    const extraFlags = (process.env.BENCH_RELAY_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    const stdoutFile = process.env.BENCH_RELAY_STDOUT;
    const child = fork(MAIN, [JSON.stringify(o.spec)], {
      execArgv: ['--import', 'tsx', '--expose-gc', ...extraFlags],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        ...o.env,
        PORT: String(o.port ?? 0),
        HOST: '127.0.0.1',
        WEB_DIST: 'none',
        DATA_DIR: dataDir,
      },
      // The relay's logs go to /dev/null: written (as in production), not kept.
      stdio: ['ignore', stdoutFile ? openSync(stdoutFile, 'a') : 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const ready = await new Promise<Extract<FromRelay, { type: 'ready' }>>((resolve, reject) => {
      child.once('message', (m: FromRelay) => {
        if (m.type === 'ready') resolve(m);
      });
      child.once('exit', (code) => reject(new Error(`relay exited (${code}): ${stderr}`)));
    }).catch((err: unknown) => {
      if (!o.dataDir) rmSync(dataDir, { recursive: true, force: true });
      throw err;
    });
    const relay = new RelayProcess(child, dataDir, ready.port, ready.baseline);
    relay.stderr = stderr;
    child.stderr?.on(
      'data',
      (d: Buffer) => (relay.stderr = (relay.stderr + d.toString()).slice(-4000)),
    );
    child.on('message', (m: FromRelay) => {
      const i = relay.waiters.findIndex((w) => w(m));
      if (i >= 0) relay.waiters.splice(i, 1);
    });
    return relay;
  }

  /** Starts a measurement window (resets the relay's counters). */
  startWindow(): void {
    this.post({ type: 'window.start' });
  }

  async endWindow(): Promise<RelayWindow> {
    const m = await this.ask({ type: 'window.end' }, 'window');
    return m.window;
  }

  async totals(): Promise<RelayTotals> {
    const m = await this.ask({ type: 'totals' }, 'totals');
    return m.totals;
  }

  /** Prometheus text from the relay's `/metrics`; null when it does not answer in 10 s. */
  async scrape(): Promise<string | null> {
    try {
      const res = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
      return res.ok ? await res.text() : null;
    } catch {
      return null;
    }
  }

  /**
   * Kills the process with SIGKILL, as a crash or the kernel's OOM killer would (nothing is
   * saved, no socket is closed cleanly), and waits for it to exit; its data folder stays.
   */
  async kill(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Whether the process still runs. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Ends the process and removes its data. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** The last lines the relay wrote to stderr (for error reports). */
  get lastErrors(): string {
    return this.stderr;
  }

  private post(m: ToRelay): void {
    this.child.send(m);
  }

  private ask<T extends FromRelay['type']>(
    m: ToRelay,
    type: T,
  ): Promise<Extract<FromRelay, { type: T }>> {
    return new Promise((resolve) => {
      this.waiters.push((reply) => {
        if (reply.type !== type) return false;
        resolve(reply as Extract<FromRelay, { type: T }>);
        return true;
      });
      this.post(m);
    });
  }
}
