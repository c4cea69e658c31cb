import { access } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../../log/logger.ts';
import { startWorker, type WorkerSpec } from '../../../worker-script.ts';
import type { WorkerPoolStats } from '../../stages/capabilities.ts';
import type { EspeakJob, EspeakWorkerData, EspeakWorkerReply } from './espeak-protocol.ts';

export interface EspeakPoolOptions {
  /** Most worker threads alive at once. */
  size: number;
  /** Longest a job may run in a worker before the worker is killed (ms). */
  timeoutMs: number;
  worker: WorkerSpec;
  log: Logger;
}

/** Who speaks, and how fast. */
export interface EspeakSpeaker {
  /** What eSpeak's `set_voice` takes. */
  voice: string;
  wordsPerMinute: number;
}

interface Job extends EspeakSpeaker {
  id: number;
  text: string;
  /** Its audio, block by block; closed when done, errored when it failed. */
  audio: ReadableStreamDefaultController<Int16Array>;
  settled: boolean;
}

interface Slot {
  worker: Worker;
  /** Set to the id of a running job given up on (see {@link EspeakWorkerData}). */
  cancelled: Int32Array;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  spawnedAt: number;
}

/**
 * A small pool of worker threads running eSpeak NG, with a FIFO queue. A job's audio streams out
 * as eSpeak makes it. Cancelling (the consumer leaves the stream) drops a queued job and stops a
 * running one between two of its blocks; a worker that runs past the timeout is killed.
 */
export class EspeakPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly starting = new Set<Promise<void>>();

  constructor(private readonly options: EspeakPoolOptions) {}

  /** Starts one worker, loading eSpeak NG (resolves when one is ready). */
  async warmUp(): Promise<void> {
    if (this.slots.size > 0) return;
    const [starting] = this.starting;
    await (starting ?? this.spawn());
  }

  /** Workers alive, busy ones, the pool's size, and jobs waiting for a worker. */
  stats(): WorkerPoolStats {
    let busy = 0;
    for (const slot of this.slots) if (slot.job !== null) busy++;
    return {
      workers: this.slots.size + this.starting.size,
      busy,
      maxWorkers: this.options.size,
      queued: this.queue.length,
      queuedAudioMs: null,
    };
  }

  /** The audio of `text` as `speaker` says it; cancelling the stream gives the job up. */
  run(text: string, speaker: EspeakSpeaker): ReadableStream<Int16Array> {
    if (this.closed) throw new Error('eSpeak NG is closed');
    let job: Job | null = null;
    return new ReadableStream<Int16Array>({
      start: (audio) => {
        job = { id: this.nextId++, text, ...speaker, audio, settled: false };
        this.queue.push(job);
        this.pump();
      },
      cancel: () => {
        if (job) this.giveUp(job);
      },
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.fail(job, new Error('eSpeak NG is closed'));
    await Promise.all([...this.slots].map((s) => this.retire(s, new Error('eSpeak NG is closed'))));
  }

  private isClosed(): boolean {
    return this.closed;
  }

  private giveUp(job: Job): void {
    job.settled = true;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    for (const slot of this.slots) if (slot.job === job) Atomics.store(slot.cancelled, 0, job.id);
  }

  private fail(job: Job, error: Error): void {
    if (job.settled) return;
    job.settled = true;
    job.audio.error(error);
  }

  /** Hands queued jobs to idle workers, starting workers up to the pool size. */
  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      const idle = [...this.slots].find((slot) => slot.job === null);
      const next = idle && this.queue.shift();
      if (idle && next) {
        this.assign(idle, next);
        continue;
      }
      // Each worker starting takes one of the jobs waiting once it is ready.
      const room = this.slots.size + this.starting.size < this.options.size;
      if (room && this.queue.length > this.starting.size) {
        this.spawn().catch(() => undefined);
        continue;
      }
      return;
    }
  }

  private assign(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      this.options.log.warn(
        { jobId: job.id, timeoutMs: this.options.timeoutMs },
        'espeak synthesis timed out',
      );
      void this.retire(
        slot,
        new Error(`eSpeak NG synthesis timed out after ${this.options.timeoutMs} ms`),
      );
      this.pump();
    }, this.options.timeoutMs);
    const { id, text, voice, wordsPerMinute } = job;
    const message: EspeakJob = { type: 'synthesize', id, text, voice, wordsPerMinute };
    slot.worker.postMessage(message);
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    // An idle worker must not keep the process alive.
    slot.worker.unref();
    this.pump();
  }

  /** Terminates a worker, failing its job with `error`. */
  private async retire(slot: Slot, error: Error): Promise<void> {
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.job) this.fail(slot.job, error);
    slot.job = null;
    this.slots.delete(slot);
    // An unreferenced worker would let the process exit before `terminate` resolves.
    slot.worker.ref();
    await slot.worker.terminate();
  }

  /** Starts a worker; resolves once eSpeak NG is loaded in it and it takes jobs. */
  private spawn(): Promise<void> {
    const started = this.start();
    this.starting.add(started);
    const done = () => {
      this.starting.delete(started);
      this.pump();
    };
    started.then(done, (error: unknown) => {
      this.options.log.error({ err: error }, 'espeak worker failed to start');
      // Nothing can run without a worker: fail what is waiting rather than retry in a loop.
      if (this.slots.size === 0)
        for (const job of this.queue.splice(0))
          this.fail(job, error instanceof Error ? error : new Error(String(error)));
      done();
    });
    return started;
  }

  private async start(): Promise<void> {
    const spec = this.options.worker;
    if (spec.kind === 'file')
      await access(spec.url).catch(() => {
        throw new Error(
          `eSpeak NG worker script not found at ${spec.url.href}: the relay build must emit ` +
            'src/providers/embedded/espeak/espeak-worker.ts as espeak-worker.js next to main.js',
        );
      });
    if (this.closed) throw new Error('eSpeak NG is closed');
    const shared = new SharedArrayBuffer(4);
    const workerData: EspeakWorkerData = { cancelled: shared };
    const slot: Slot = {
      worker: startWorker(spec, { workerData }),
      cancelled: new Int32Array(shared),
      job: null,
      timer: null,
      spawnedAt: performance.now(),
    };
    await new Promise<void>((resolve, reject) => {
      this.watch(slot, resolve, reject);
    });
    // Read again after the wait: close() may have run meanwhile.
    if (this.isClosed()) {
      await slot.worker.terminate();
      throw new Error('eSpeak NG is closed');
    }
    // Idle: it must not keep the process alive.
    slot.worker.unref();
    this.slots.add(slot);
  }

  private watch(slot: Slot, onReady: () => void, onFailed: (error: Error) => void): void {
    const { log } = this.options;
    slot.worker.on('message', (message: EspeakWorkerReply) => {
      const job = slot.job;
      switch (message.type) {
        case 'ready':
          log.debug(
            { startupMs: Math.round(performance.now() - slot.spawnedAt) },
            'espeak worker ready',
          );
          onReady();
          return;
        case 'audio':
          if (job?.id === message.id && !job.settled) job.audio.enqueue(message.samples);
          return;
        case 'done':
        case 'error':
          if (job?.id !== message.id) return;
          if (message.type === 'done') {
            log.debug(
              { jobId: job.id, synthMs: Math.round(message.synthMs), discarded: job.settled },
              'espeak synthesised',
            );
            if (!job.settled) {
              job.settled = true;
              job.audio.close();
            }
          } else {
            log.warn({ jobId: job.id, error: message.message }, 'espeak synthesis failed');
            this.fail(job, new Error(message.message));
          }
          this.release(slot);
          return;
      }
    });
    slot.worker.on('error', (error) => log.error({ err: error }, 'espeak worker crashed'));
    slot.worker.on('exit', (code) => {
      const error = new Error(`eSpeak NG worker exited unexpectedly (code ${code})`);
      onFailed(error); // no-op once it was ready
      if (!this.slots.has(slot)) return;
      if (slot.timer) clearTimeout(slot.timer);
      this.slots.delete(slot);
      if (slot.job) this.fail(slot.job, error);
      slot.job = null;
      this.pump();
    });
  }
}
