import { SAMPLE_RATE_HZ } from '@parley/shared';
import { logger } from '../../../log/logger.ts';
import type { WorkerPoolStats } from '../../stages/capabilities.ts';
import type { Transcriber } from './moonshine-worker-client.ts';
import type { MoonshineReader, PoolRead, ReadAsk } from './moonshine-reader.ts';
import { ReadNotRun } from './moonshine-reader.ts';
import { ReadSchedule } from './read-schedule.ts';

export interface MoonshinePoolOptions {
  /** Worker threads, each with its own copy of the model. */
  workers: number;
  /** Starts one worker; resolves once its model is loaded. */
  spawn: () => Promise<Transcriber>;
  /** Audio one user may have waiting for a worker at once (ms). */
  maxQueuedAudioMs: number;
  /** Longest a final waits for a worker before it is shed (ms). */
  maxFinalWaitMs: number;
  /** Clock (ms). Default `performance.now`. */
  now?: () => number;
}

interface Slot {
  worker: Transcriber | null;
  busy: boolean;
  /** Starting (or starting again): not there to read yet. */
  loading: boolean;
}

interface Job {
  audio: Float32Array;
  resolve: (text: string) => void;
  reject: (error: Error) => void;
}

/**
 * Moonshine's worker threads and the queue in front of them: reads run in the order
 * {@link ReadSchedule} decides (finals first, turns between users, a cap per user, finals shed
 * past their wait), as many at once as there are workers. A worker that dies fails the read it
 * had (the model's own failure) and is started again; the pool is dead once none is left.
 */
export class MoonshinePool implements MoonshineReader {
  private readonly slots: Slot[];
  private readonly schedule: ReadSchedule;
  private readonly jobs = new Map<number, Job>();
  private readonly now: () => number;
  private nextId = 1;
  private shedTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly log = logger('relay:asr', { provider: 'moonshine' });

  private constructor(
    workers: Transcriber[],
    private readonly options: MoonshinePoolOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.slots = workers.map((worker) => ({ worker, busy: false, loading: false }));
    this.schedule = new ReadSchedule({
      maxQueuedSamplesPerOwner: Math.round((options.maxQueuedAudioMs / 1000) * SAMPLE_RATE_HZ),
      maxFinalWaitMs: options.maxFinalWaitMs,
      now: this.now,
    });
  }

  /** Starts every worker; resolves once all are loaded, rejects (and stops them) if one fails. */
  static async start(options: MoonshinePoolOptions): Promise<MoonshinePool> {
    const count = Math.max(1, Math.trunc(options.workers));
    const started = await Promise.allSettled(Array.from({ length: count }, () => options.spawn()));
    const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      await Promise.allSettled(workers.map((w) => w.close()));
      throw failed.reason;
    }
    return new MoonshinePool(workers, options);
  }

  read(audio: Float32Array, ask: ReadAsk): PoolRead {
    const id = this.nextId++;
    let resolve!: (text: string) => void;
    let reject!: (error: Error) => void;
    const done = new Promise<string>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Its asker may have gone (a read withdrawn, dropped or shed is not always awaited).
    done.catch(() => undefined);
    const read: PoolRead = {
      done,
      waiting: () => this.schedule.isWaiting(id),
      promote: () => this.schedule.promote(id),
      withdraw: () => {
        if (this.schedule.withdraw(id)) this.refuse(id, 'withdrawn');
      },
    };
    if (!this.alive) {
      reject(new Error(this.closed ? 'moonshine: closed' : 'moonshine: no worker is left'));
      return read;
    }
    this.jobs.set(id, { audio, resolve, reject });
    const offered = this.schedule.offer({ id, ...ask, samples: audio.length });
    for (const dropped of offered.dropped) this.refuse(dropped.id, 'dropped');
    if (!offered.admitted) this.refuse(id, 'refused');
    this.dispatch();
    return read;
  }

  /** False once no worker is left to read (each died and could not be started again). */
  get alive(): boolean {
    return !this.closed && this.slots.some((s) => s.loading || s.worker?.alive === true);
  }

  /** The runtime its workers' models run on (the first loaded worker's; see Transcriber). */
  runtime(): 'native' | 'wasm' | undefined {
    return this.slots.find((s) => s.worker?.runtime !== undefined)?.worker?.runtime;
  }

  stats(): WorkerPoolStats {
    const waiting = this.schedule.size;
    return {
      workers: this.slots.filter((s) => s.loading || s.worker?.alive === true).length,
      busy: this.slots.filter((s) => s.busy).length,
      maxWorkers: this.slots.length,
      queued: waiting.reads,
      queuedAudioMs: Math.round((waiting.samples / SAMPLE_RATE_HZ) * 1000),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.shedTimer);
    for (const id of [...this.jobs.keys()]) {
      this.schedule.withdraw(id);
      this.jobs.get(id)?.reject(new Error('moonshine: closed'));
    }
    this.jobs.clear();
    await Promise.allSettled(this.slots.flatMap((s) => (s.worker ? [s.worker.close()] : [])));
  }

  /** Hands waiting reads to idle workers, in the schedule's order. */
  private dispatch(): void {
    for (const slot of this.slots) {
      const worker = slot.worker;
      // A worker that died between two reads is started again.
      if (worker?.alive === false && !slot.busy) this.restart(slot);
      if (this.closed || slot.busy || worker?.alive !== true) continue;
      const read = this.schedule.take();
      if (read === null) break;
      const job = this.jobs.get(read.id);
      this.jobs.delete(read.id);
      if (!job) continue;
      slot.busy = true;
      worker
        .transcribe(job.audio)
        .then(job.resolve, (error: unknown) =>
          job.reject(error instanceof Error ? error : new Error(String(error))),
        )
        .finally(() => {
          slot.busy = false;
          if (!worker.alive) this.restart(slot);
          this.dispatch();
        });
    }
    this.armShedding();
  }

  /** A worker died: another is started in its place (its read failed with it). */
  private restart(slot: Slot): void {
    if (this.closed || slot.loading) return;
    this.log.warn('moonshine: a worker died; starting another');
    slot.worker = null;
    slot.loading = true;
    this.options.spawn().then(
      (worker) => {
        slot.loading = false;
        if (this.closed) void worker.close();
        else slot.worker = worker;
        this.dispatch();
      },
      (error: unknown) => {
        slot.loading = false;
        this.log.error({ err: error }, 'moonshine: a worker could not be started again');
        if (!this.alive) this.failWaiting(new Error('moonshine: no worker is left'));
      },
    );
  }

  /** Wakes when the first final waiting would be past its wait. */
  private armShedding(): void {
    clearTimeout(this.shedTimer);
    const at = this.schedule.nextShedAtMs();
    if (at === null || this.closed) return;
    this.shedTimer = setTimeout(
      () => {
        for (const read of this.schedule.shed()) this.refuse(read.id, 'shed');
        this.armShedding();
      },
      Math.max(0, at - this.now()),
    );
    this.shedTimer.unref();
  }

  private refuse(id: number, reason: ReadNotRun['reason']): void {
    const job = this.jobs.get(id);
    this.jobs.delete(id);
    job?.reject(new ReadNotRun(reason));
  }

  private failWaiting(error: Error): void {
    for (const [id, job] of this.jobs) {
      this.schedule.withdraw(id);
      job.reject(error);
    }
    this.jobs.clear();
  }
}
