import type { Worker } from 'node:worker_threads';
import { logger } from '../../../log/logger.ts';
import { startWorker, workerScript, type WorkerSpec } from '../../../worker-script.ts';
import type {
  MoonshineJob,
  MoonshineWorkerData,
  MoonshineWorkerReply,
} from './moonshine-protocol.ts';

/** What a Moonshine stream reads its audio with (the worker; a model in tests). */
export interface Transcriber {
  /** Reads running or waiting: a caller that may skip one (a partial) skips it when busy. */
  readonly busy: boolean;
  /** False once it can read no more (its worker died). */
  readonly alive: boolean;
  /** The runtime its model runs on (see MoonshineRuntimeName); absent: not a worker's model. */
  readonly runtime?: 'native' | 'wasm';
  /** The text of `audio` (mono, 16 kHz, in [-1, 1]), after the reads asked before it. */
  transcribe(audio: Float32Array): Promise<string>;
  close(): Promise<void>;
}

/** How long a closing worker may finish its running read before it is terminated (ms). */
const CLOSE_GRACE_MS = 10_000;

interface Pending {
  resolve: (text: string) => void;
  reject: (error: Error) => void;
}

/** `moonshine-worker` beside this module (see workerScript). */
const defaultWorker = (): WorkerSpec => workerScript(import.meta.url, 'moonshine-worker');

/**
 * Moonshine in its worker thread (see moonshine-worker.ts), started by {@link start}: resolves
 * once the model is loaded there, rejects with why it could not be. A worker that dies fails
 * the reads it had; the next start begins a new one.
 */
export class MoonshineWorker implements Transcriber {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private exited = false;
  private ran: 'native' | 'wasm' = 'native';

  private constructor(private readonly worker: Worker) {}

  /**
   * @param data the model's folder (absent: the npm package's) and its runtime (absent:
   *   onnxruntime-node; where it cannot load, WebAssembly, and a warning says why)
   */
  static start(
    data: MoonshineWorkerData = {},
    spec: WorkerSpec = defaultWorker(),
  ): Promise<MoonshineWorker> {
    const worker = startWorker(spec, { workerData: data });
    const client = new MoonshineWorker(worker);
    return new Promise((resolve, reject) => {
      worker.on('message', (reply: MoonshineWorkerReply) => {
        if (reply.type === 'ready') {
          client.ran = reply.runtime;
          if (reply.nativeError !== undefined)
            logger('relay:asr', { provider: 'moonshine' }).warn(
              { reason: reply.nativeError },
              'onnxruntime-node could not be loaded: Moonshine runs on WebAssembly (each reading costs more of a core; MOONSHINE_RUNTIME=wasm says so without trying)',
            );
          worker.unref();
          resolve(client);
        } else if (reply.type === 'error' && reply.id === null) {
          reject(new Error(`moonshine: ${reply.message}`));
          void worker.terminate();
        } else client.settle(reply);
      });
      worker.on('error', (error) => {
        reject(error);
        client.failAll(error);
      });
      worker.on('exit', (code) => {
        client.exited = true;
        const error = new Error(`moonshine: its worker exited (${code})`);
        reject(error);
        client.failAll(error);
      });
    });
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  get runtime(): 'native' | 'wasm' {
    return this.ran;
  }

  get alive(): boolean {
    return !this.exited && !this.closed;
  }

  transcribe(audio: Float32Array): Promise<string> {
    if (!this.alive) return Promise.reject(new Error('moonshine: its worker is gone'));
    const id = this.nextId++;
    // Its own copy, handed over: a view would carry its whole buffer (the utterance's audio).
    const own = audio.slice();
    const job: MoonshineJob = { type: 'transcribe', id, audio: own };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Referenced while it reads: a relay that is otherwise idle waits for the answer.
      this.worker.ref();
      this.worker.postMessage(job, [own.buffer]);
    });
  }

  /**
   * Fails what it had, and ends its thread once the read running there is over (terminated
   * under a read, onnxruntime-node's binding would end the relay): at most
   * {@link CLOSE_GRACE_MS}, then terminated.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.failAll(new Error('moonshine: closed'));
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref();
    this.worker.postMessage({ type: 'close' } satisfies MoonshineJob);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS);
    });
    const how = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (how === 'late') await this.worker.terminate();
  }

  private settle(reply: Exclude<MoonshineWorkerReply, { type: 'ready' }>): void {
    if (reply.id === null) return;
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.type === 'text') pending.resolve(reply.text);
    else pending.reject(new Error(`moonshine: ${reply.message}`));
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
