import { availableParallelism } from 'node:os';
import type { ProviderInfo, RelayWarning } from '@parley/shared';
import { logger } from '../../../log/logger.ts';
import type { AsrProvider, AsrStartOptions, AsrStream } from '../../stages/asr.ts';
import type { ProviderCapabilities, WorkerPoolStats } from '../../stages/capabilities.ts';
import { ListenedStream } from './listened-stream.ts';
import { MoonshinePool } from './moonshine-pool.ts';
import { MoonshineStream } from './moonshine-stream.ts';
import { MoonshineWorker, type Transcriber } from './moonshine-worker-client.ts';

/**
 * Worker threads by default: one per core, less one for the relay's own thread and PocketSphinx's
 * decoders, at least one. Each holds its own model (its memory: docs/configuring.md).
 */
export function defaultMoonshineWorkers(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/** After a failed load, the next utterance tries again no sooner than this (ms). */
const RELOAD_AFTER_MS = 30_000;

export interface MoonshineAsrOptions {
  /**
   * Worker threads, each with its own model (`MOONSHINE_WORKERS`); 0 or unset:
   * {@link defaultMoonshineWorkers}.
   */
  workers?: number;
  /**
   * Audio one user may have waiting for a worker (ms; `MOONSHINE_MAX_QUEUED_AUDIO_S`).
   * Default 30 s.
   */
  maxQueuedAudioMs?: number;
  /**
   * Longest a reading an answer waits on waits for a worker (ms) before it is given up (the
   * listener's words stand in). Default 5 s: half of `ASR_FINAL_TIMEOUT_S`'s default.
   */
  maxFinalWaitMs?: number;
  /** The model's folder (`MOONSHINE_MODEL_DIR`); absent: the installed npm package's. */
  modelDir?: string;
  /**
   * The runtime its workers run the model on (`MOONSHINE_RUNTIME`): `native`, onnxruntime-node
   * (the default; WebAssembly where it cannot load, with a warning), or `wasm`.
   */
  runtime?: 'native' | 'wasm';
  /**
   * Quiet after speech that asks for an early reading (ms; see MoonshineStream). Default
   * EARLY_READ_QUIET_MS; Infinity: none (the bench's comparison, bench/recognition/moonshine-wait.ts).
   */
  earlyReadQuietMs?: number;
  /** Starts one worker (a model in its thread). */
  spawn?: () => Promise<Transcriber>;
  /**
   * The embedded recogniser, which listens while Moonshine writes (see ListenedStream);
   * absent, Moonshine alone (partials every half second, its own cut).
   */
  listener?: AsrProvider;
}

/**
 * Moonshine tiny as a recogniser (see moonshine-model.ts): offline, English, far closer to what
 * real voices said than PocketSphinx; partial hypotheses every half second, and a cut at a
 * pause (see MoonshineStream). The model loads on first use, in each of its worker threads
 * (moonshine-worker.ts), shared by every user through one queue that is fair between them
 * (MoonshinePool, ReadSchedule); a worker that dies is started again, a load that failed is
 * tried again after 30 s. With a listener, a model that could not be loaded refuses nothing:
 * the listener writes alone meanwhile, and says so ({@link warning}).
 */
export class MoonshineAsr implements AsrProvider {
  readonly info: ProviderInfo = { id: 'moonshine', label: 'Moonshine (offline)' };
  readonly languages = ['en'] as const;
  private model: Promise<MoonshinePool> | null = null;
  /** The loaded pool (to tell it died), and when the last load failed. */
  private current: MoonshinePool | null = null;
  private failedAt: number | null = null;
  /** Since when the model could not be loaded (epoch ms), until a load works. */
  private failingSinceMs: number | null = null;
  private readonly log = logger('relay:asr', { provider: 'moonshine' });

  private readonly listener: AsrProvider | undefined;

  constructor(private readonly options: MoonshineAsrOptions = {}) {
    this.listener = options.listener;
  }

  /** Resolves once the model is loaded (rejects if it cannot be). */
  async ready(): Promise<void> {
    await this.loaded();
  }

  start(options: AsrStartOptions): AsrStream {
    const early = this.options.earlyReadQuietMs;
    if (!this.listener) return new MoonshineStream(this.loaded(), options, this.info, early);
    // No model, and not yet time to try again: the listener writes alone (it serves, and bills).
    if (this.failedAt !== null && !this.reloadDue()) return this.listener.start(options);
    const listened = this.listener.start(options);
    // Moonshine tells no partials here: the listener's are the ones weighed.
    const { sampleRateHz, signal, speaker } = options;
    const quiet = { sampleRateHz, signal, ...(speaker === undefined ? {} : { speaker }) };
    const written = new MoonshineStream(this.loaded(), quiet, this.info, early);
    return new ListenedStream(listened, written, options, this.info);
  }

  /** Its pool of workers ({@link poolStats}) and its warning ({@link warning}). */
  capability<K extends keyof ProviderCapabilities>(name: K): ProviderCapabilities[K] | null {
    const capabilities: Partial<ProviderCapabilities> = {
      pool: { stats: () => this.poolStats() },
      warning: { now: () => this.warning() },
    };
    return capabilities[name] ?? null;
  }

  /** Its workers and the reads waiting for them (zero before the first load). */
  poolStats(): WorkerPoolStats {
    return (
      this.current?.stats() ?? {
        workers: 0,
        busy: 0,
        maxWorkers: this.workers(),
        queued: 0,
        queuedAudioMs: 0,
      }
    );
  }

  /**
   * Healthy once its model is loaded; with a listener, always (it writes alone while the model
   * cannot be loaded: see {@link warning}).
   */
  async probe(): Promise<void> {
    const loaded = this.loaded();
    if (this.listener) await loaded.catch(() => undefined);
    else await loaded;
  }

  /**
   * Why it does not write as asked, while its model could not be loaded and a listener writes
   * in its place (`/ready`, the settings); null while it writes, or has no listener (its
   * utterances then fail, and its chain says so).
   */
  warning(): RelayWarning | null {
    if (this.failingSinceMs === null || !this.listener) return null;
    return {
      code: 'writer-unavailable',
      stage: 'asr',
      provider: this.info.id,
      servedBy: this.listener.info.id,
      sinceMs: this.failingSinceMs,
      message:
        'Moonshine’s model could not be loaded: PocketSphinx writes the words alone until it can (the relay’s log says why).',
    };
  }

  async close(): Promise<void> {
    const model = await this.model?.catch(() => null);
    await model?.close();
  }

  private loaded(): Promise<MoonshinePool> {
    if (this.current?.alive === false) {
      this.log.warn('moonshine: no worker is left; starting them again');
      this.model = null;
      this.current = null;
    }
    if (this.failedAt !== null && this.reloadDue()) {
      this.model = null;
      this.failedAt = null;
    }
    if (this.model === null) {
      const startedAt = performance.now();
      const o = this.options;
      const data = {
        ...(o.modelDir === undefined ? {} : { modelDir: o.modelDir }),
        ...(o.runtime === undefined ? {} : { runtime: o.runtime }),
      };
      this.model = MoonshinePool.start({
        workers: this.workers(),
        spawn: o.spawn ?? (() => MoonshineWorker.start(data)),
        maxQueuedAudioMs: o.maxQueuedAudioMs ?? 30_000,
        maxFinalWaitMs: o.maxFinalWaitMs ?? 5_000,
      }).then(
        (model) => {
          this.log.info(
            {
              loadMs: Math.round(performance.now() - startedAt),
              workers: this.workers(),
              runtime: model.runtime(),
            },
            'moonshine ready',
          );
          this.current = model;
          this.failingSinceMs = null;
          return model;
        },
        (error: unknown) => {
          // Utterances fail with it until the next try (a chain moves on to its next); with
          // PocketSphinx listening, PocketSphinx writes alone meanwhile.
          const reason = error instanceof Error ? error.message : String(error);
          this.log.error(
            {
              reason,
              modelDir: o.modelDir ?? 'the @moonshine-ai/moonshine-js package',
              retryInS: RELOAD_AFTER_MS / 1000,
            },
            this.listener
              ? 'Moonshine’s model could not be loaded: PocketSphinx writes the words alone until it can (MOONSHINE_MODEL_DIR is its folder; ASR_PROVIDERS=pocketsphinx loads no Moonshine)'
              : 'Moonshine’s model could not be loaded: its utterances fail until it can (MOONSHINE_MODEL_DIR is its folder)',
          );
          this.failedAt = performance.now();
          this.failingSinceMs ??= Date.now();
          throw error;
        },
      );
      // Its utterances are told why; a failed load with no utterance waiting on it yet must not
      // be an unhandled rejection (which ends the relay).
      this.model.catch(() => undefined);
    }
    return this.model;
  }

  /** A load failed long enough ago to try again. */
  private reloadDue(): boolean {
    return this.failedAt !== null && performance.now() - this.failedAt >= RELOAD_AFTER_MS;
  }

  private workers(): number {
    const asked = this.options.workers ?? 0;
    return asked > 0 ? asked : defaultMoonshineWorkers();
  }
}
