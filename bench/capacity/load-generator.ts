import { Worker } from 'node:worker_threads';
import { signHs256 } from '../lib/jwt.ts';
import { lowerThreadPriority, type GeneratorPriority } from '../lib/thread-priority.ts';
import type {
  FromWorker,
  ToWorker,
  WorkerInit,
  WorkerTotals,
  WorkerWindow,
} from './worker-protocol.ts';

const WORKER = new URL('./load-worker.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx/esm/api');
/** Worker threads do not inherit tsx's loader: each registers it before loading the script. */
const BOOT = `import(${JSON.stringify(TSX)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER)}); });`;

export interface LoadOptions {
  wsUrl: string;
  clients: number;
  workers: number;
  jwtSecret: string;
  seed: number;
  /** How the generator's threads yield to the relay. */
  priority: GeneratorPriority;
  connectConcurrency: number;
  outputSampleRateHz: number | 'native';
  codec: 'pcm16' | 'opus';
}

/** The connect outcome of every worker. */
export interface Connected {
  ok: number;
  failed: number;
  failures: string[];
  /** Time to connect every client (ms). */
  rampMs: number;
}

/**
 * The simulated clients, spread over worker threads (each its own event loop and V8 isolate):
 * one TalkClient and one user per client.
 */
export class LoadGenerator {
  private readonly inbox = new Map<Worker, FromWorker[]>();
  private readonly waiters = new Map<Worker, () => void>();
  private failure: Error | null = null;

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      this.inbox.set(w, []);
      w.on('message', (m: FromWorker) => {
        this.inbox.get(w)?.push(m);
        this.waiters.get(w)?.();
      });
      w.on('error', (err) => {
        this.failure ??= err;
        for (const wake of this.waiters.values()) wake();
      });
    }
  }

  /** Starts the workers; they connect their clients and start talking at once. */
  static async start(o: LoadOptions): Promise<{ load: LoadGenerator; connected: Connected }> {
    const t0 = performance.now();
    const count = Math.max(1, Math.min(o.workers, o.clients));
    const workers: Worker[] = [];
    for (let w = 0; w < count; w++) {
      const tokens: string[] = [];
      for (let i = w; i < o.clients; i += count)
        tokens.push(signHs256(`bench-user-${i}`, o.jwtSecret));
      const init: WorkerInit = {
        wsUrl: o.wsUrl,
        tokens,
        connectConcurrency: Math.max(1, Math.round(o.connectConcurrency / count)),
        outputSampleRateHz: o.outputSampleRateHz,
        codec: o.codec,
        seed: o.seed + w,
      };
      workers.push(new Worker(BOOT, { eval: true, workerData: init }));
    }
    const load = new LoadGenerator(workers);
    const replies = await load.collect('connected');
    // Every thread of the generator, V8's GC threads included, once they all exist.
    lowerThreadPriority(o.priority);
    const connected: Connected = {
      ok: replies.reduce((n, r) => n + r.ok, 0),
      failed: replies.reduce((n, r) => n + r.failed, 0),
      failures: replies.flatMap((r) => r.failures).slice(0, 5),
      rampMs: Math.round(performance.now() - t0),
    };
    return { load, connected };
  }

  startWindow(): void {
    this.broadcast({ type: 'window.start' });
  }

  async endWindow(): Promise<WorkerWindow[]> {
    this.broadcast({ type: 'window.end' });
    return (await this.collect('window')).map((r) => r.window);
  }

  /** Talkers stop sending; returns the counters since the start. */
  async stop(): Promise<WorkerTotals> {
    this.broadcast({ type: 'stop' });
    const totals = (await this.collect('stopped')).map((r) => r.totals);
    const sum = (k: keyof WorkerTotals) => totals.reduce((n, t) => n + t[k], 0);
    return {
      chunksSent: sum('chunksSent'),
      lostChunks: sum('lostChunks'),
      reconnects: sum('reconnects'),
      resumed: sum('resumed'),
      offline: sum('offline'),
    };
  }

  /** Closes every client and ends the workers. */
  async close(): Promise<void> {
    this.broadcast({ type: 'close' });
    await this.collect('closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private broadcast(m: ToWorker): void {
    for (const w of this.workers) w.postMessage(m);
  }

  /** The next message of `type` from every worker. */
  private async collect<T extends FromWorker['type']>(
    type: T,
  ): Promise<Extract<FromWorker, { type: T }>[]> {
    return Promise.all(this.workers.map((w) => this.next(w, type)));
  }

  private async next<T extends FromWorker['type']>(
    w: Worker,
    type: T,
  ): Promise<Extract<FromWorker, { type: T }>> {
    const inbox = this.inbox.get(w) ?? [];
    for (;;) {
      if (this.failure) throw new Error(`load worker failed: ${this.failure.message}`);
      const i = inbox.findIndex((m) => m.type === type);
      const found = inbox[i];
      if (found && isType(found, type)) {
        inbox.splice(i, 1);
        return found;
      }
      await new Promise<void>((resolve) => this.waiters.set(w, resolve));
    }
  }
}

function isType<T extends FromWorker['type']>(
  m: FromWorker,
  type: T,
): m is Extract<FromWorker, { type: T }> {
  return m.type === type;
}
