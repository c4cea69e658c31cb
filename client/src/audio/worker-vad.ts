import {
  browserWorkerStarter,
  startModuleWorker,
  type ModuleWorker,
  type WorkerStarter,
} from './module-worker.ts';
import { vadOptions, type VadLoadConfig, type VadOptions } from './vad.ts';
import type { VadHandle, VadLoadTimings } from './vad-handle.ts';
import type { FromVadWorker, ToVadWorker } from './vad-worker-protocol.ts';
// The worker's bundle as a URL (not `new Worker(new URL(…))`): a page on another origin than the
// package's files cannot start it directly (see module-worker.ts).
import vadWorkerUrl from './vad-worker.ts?worker&url';

/**
 * The voice activity detector run in a worker of its own (vad-worker.ts), seen from the page:
 * audio goes in as it is captured, events come back in stream order. Events of the stream
 * before a {@link reset} that were already on their way are dropped, as the detector in the
 * page drops them.
 */
export class WorkerVad implements VadHandle {
  loadMs = 0;
  loadTimings: VadLoadTimings | null = null;
  framesProcessed = 0;
  maxPendingFrames = 0;
  private options: VadOptions;
  private epoch = 0;
  private closing: (() => void) | null = null;

  private constructor(
    private readonly worker: ModuleWorker,
    private readonly config: VadLoadConfig,
    settings: VadOptions,
  ) {
    this.options = settings;
    worker.onmessage = (event: MessageEvent<FromVadWorker>) => this.onMessage(event.data);
  }

  /**
   * Starts the worker and loads the model in it from `assetBaseUrl`; rejects when the worker
   * cannot start or load it (the caller then runs the detector in the page). `starter` starts
   * the worker (the browser's; tests give a fake).
   */
  static async load(
    config: VadLoadConfig,
    assetBaseUrl: string,
    starter: WorkerStarter = browserWorkerStarter(),
  ): Promise<WorkerVad> {
    const started = performance.now();
    const { worker, release } = startModuleWorker(vadWorkerUrl, starter);
    try {
      const loaded = await new Promise<Extract<FromVadWorker, { type: 'loaded' }>>(
        (resolve, reject) => {
          worker.onmessage = (event: MessageEvent<FromVadWorker>) => {
            const m = event.data;
            if (m.type === 'loaded') resolve(m);
            else if (m.type === 'error') reject(new Error(m.message));
          };
          worker.onerror = (event) => {
            event.preventDefault();
            reject(new Error(event.message || 'The voice detector’s worker did not start.'));
          };
          worker.postMessage({
            type: 'load',
            assetBaseUrl,
            options: vadOptions(config),
            emitFrames: config.emitFrames ?? false,
            includeAudio: config.includeAudio ?? false,
          } satisfies ToVadWorker);
        },
      );
      const vad = new WorkerVad(worker, config, loaded.settings);
      worker.onerror = (event) => {
        event.preventDefault();
        (config.onError ?? reportError)(new Error(event.message || 'The voice detector failed.'));
      };
      vad.loadMs = performance.now() - started;
      vad.loadTimings = { importMs: 0, ...loaded.timings };
      // `importMs` stays 0: the worker's script is fetched within `sessionMs`.
      return vad;
    } catch (err) {
      worker.terminate();
      throw err;
    } finally {
      release();
    }
  }

  get settings(): Readonly<VadOptions> {
    return this.options;
  }

  push(samples: Float32Array, firstSample?: number): void {
    const copy = samples.slice();
    this.send(
      { type: 'push', samples: copy, ...(firstSample === undefined ? {} : { firstSample }) },
      [copy.buffer],
    );
  }

  reset(): void {
    this.epoch++;
    this.send({ type: 'reset', epoch: this.epoch });
  }

  endSegment(): void {
    this.send({ type: 'end-segment' });
  }

  setOptions(update: Partial<VadOptions>): void {
    this.options = vadOptions({ ...this.options, ...update });
    this.send({ type: 'options', update: this.options });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.closing = resolve;
      this.send({ type: 'close' });
    });
    this.worker.terminate();
  }

  private send(m: ToVadWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  private onMessage(m: FromVadWorker): void {
    switch (m.type) {
      case 'event':
        if (m.epoch === this.epoch) this.config.onEvent(m.event);
        return;
      case 'stats':
        this.framesProcessed = m.framesProcessed;
        this.maxPendingFrames = m.maxPendingFrames;
        return;
      case 'error':
        (this.config.onError ?? reportError)(new Error(m.message));
        return;
      case 'closed':
        this.closing?.();
        return;
      case 'loaded':
        return;
    }
  }
}
