import type { ProviderInfo } from '@parley/shared';
import { logger } from '../../../log/logger.ts';
import type { AsrProvider, AsrStartOptions, AsrStream } from '../../types.ts';
import { ListenedStream } from './listened-stream.ts';
import { MoonshineStream } from './moonshine-stream.ts';
import { MoonshineWorker, type Transcriber } from './moonshine-worker-client.ts';

/** After a failed load, the next utterance tries again no sooner than this (ms). */
const RELOAD_AFTER_MS = 30_000;

/**
 * Moonshine tiny as a recogniser (see moonshine-model.ts): offline, English, far closer to what
 * real voices said than PocketSphinx; partial hypotheses every half second, and a cut at a
 * pause (see MoonshineStream). The model (~30 MB, ~300 MB of memory) loads on first use, once
 * for the relay, in its own worker thread (moonshine-worker.ts); a worker that dies is started
 * again for the next utterance, a load that failed is tried again after 30 s.
 */
export class MoonshineAsr implements AsrProvider {
  readonly info: ProviderInfo = { id: 'moonshine', label: 'Moonshine (offline)' };
  readonly languages = ['en'] as const;
  private model: Promise<Transcriber> | null = null;
  /** The loaded transcriber (to tell it died), and when the last load failed. */
  private current: Transcriber | null = null;
  private failedAt: number | null = null;
  private readonly log = logger('relay:asr', { provider: 'moonshine' });

  /**
   * `listener`: the embedded recogniser, which listens while Moonshine writes (see
   * ListenedStream); absent, Moonshine alone (partials every half second, its own cut).
   */
  constructor(
    private readonly load: () => Promise<Transcriber> = () => MoonshineWorker.start(),
    private readonly listener?: AsrProvider,
  ) {}

  /** Resolves once the model is loaded (rejects if it cannot be). */
  async ready(): Promise<void> {
    await this.loaded();
  }

  start(options: AsrStartOptions): AsrStream {
    if (!this.listener) return new MoonshineStream(this.loaded(), options, this.info);
    const listened = this.listener.start(options);
    // Moonshine tells no partials here: the listener's are the ones weighed.
    const quiet = { sampleRateHz: options.sampleRateHz, signal: options.signal };
    const written = new MoonshineStream(this.loaded(), quiet, this.info);
    return new ListenedStream(listened, written, options, this.info);
  }

  /** Healthy once its model is loaded. */
  async probe(): Promise<void> {
    await this.loaded();
  }

  async close(): Promise<void> {
    const model = await this.model?.catch(() => null);
    await model?.close();
  }

  private loaded(): Promise<Transcriber> {
    if (this.current?.alive === false) {
      this.log.warn('moonshine: its worker died; starting another');
      this.model = null;
      this.current = null;
    }
    if (this.failedAt !== null && performance.now() - this.failedAt >= RELOAD_AFTER_MS) {
      this.model = null;
      this.failedAt = null;
    }
    if (this.model === null) {
      const startedAt = performance.now();
      this.model = this.load().then(
        (model) => {
          this.log.info({ loadMs: Math.round(performance.now() - startedAt) }, 'moonshine ready');
          this.current = model;
          return model;
        },
        (error: unknown) => {
          // Utterances fail with it until the next try (a chain moves on to its next; with
          // PocketSphinx listening, its words are the utterance's).
          this.log.error({ err: error }, 'moonshine: its model could not be loaded');
          this.failedAt = performance.now();
          throw error;
        },
      );
      // Its utterances are told why; a failed load with no utterance waiting on it yet must not
      // be an unhandled rejection (which ends the relay).
      this.model.catch(() => undefined);
    }
    return this.model;
  }
}
