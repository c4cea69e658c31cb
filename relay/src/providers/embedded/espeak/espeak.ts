import type { ProviderInfo } from '@parley/shared';
import { logger } from '../../../log/logger.ts';
import type { ProviderCapabilities, WorkerPoolStats } from '../../stages/capabilities.ts';
import type { TtsProvider, TtsRequest, VoiceOption } from '../../stages/tts.ts';
import { workerScript, type WorkerSpec } from '../../../worker-script.ts';
import { EspeakPool } from './espeak-pool.ts';
import { textForEspeak } from './espeak-text.ts';
import { ESPEAK_LANGUAGES, ESPEAK_VOICES, espeakVoiceFor } from './espeak-voices.ts';

/** The rate eSpeak NG's voices speak at (Hz). */
export const ESPEAK_RATE_HZ = 22_050;
/** eSpeak's own pace (words per minute), and the range a user's pace is held to. */
const WORDS_PER_MINUTE = { normal: 175, min: 80, max: 450 } as const;

export interface EspeakTtsOptions {
  /** The voice when the user chose none of the text's language. Default `nl` (Dutch, male). */
  voice?: string;
  /** Most worker threads synthesising at once. Default 2. */
  workers?: number;
  /** Longest one synthesis may run before its worker is killed (ms). Default 10,000. */
  timeoutMs?: number;
  /** Longer input is cut (at a word boundary) to this many characters. Default 1,000. */
  maxTextChars?: number;
  /** Start one worker (loading eSpeak NG) at construction. Default true. */
  warm?: boolean;
  /** Worker script. Default: `espeak-worker.js` beside the running module. */
  workerUrl?: URL;
}

/**
 * Offline text-to-speech in many languages, Dutch first (issue 62): eSpeak NG compiled to
 * WebAssembly (GPL-3, run as a module of its own in worker threads: docs/decisions.md), so
 * synthesis never blocks the event loop. Yields mono PCM16 at {@link ESPEAK_RATE_HZ} as eSpeak
 * makes it. A text is said in a voice of its language ({@link espeakVoiceFor}); a language it has
 * no voice for is refused, never said in another's. Aborting the request stops the synthesis
 * between two blocks; the iterable then throws the signal's reason.
 */
export class EspeakTts implements TtsProvider {
  readonly info: ProviderInfo = { id: 'espeak-ng', label: 'eSpeak NG (offline)' };
  readonly sampleRateHz = ESPEAK_RATE_HZ;
  readonly supportsSpeakingRate = true;
  readonly languages = ESPEAK_LANGUAGES;
  private readonly log = logger('relay:tts', { provider: 'espeak-ng' });
  private readonly pool: EspeakPool;
  private readonly voice: string;
  private readonly maxTextChars: number;
  private readonly warming: Promise<void> | null;

  constructor(options: EspeakTtsOptions = {}) {
    const voice = options.voice ?? 'nl';
    if (!ESPEAK_VOICES.some((v) => v.id === voice))
      throw new RangeError(
        `Unknown eSpeak NG voice "${voice}" (have: ${ESPEAK_VOICES.map((v) => v.id).join(', ')})`,
      );
    this.voice = voice;
    this.maxTextChars = options.maxTextChars ?? 1000;
    this.pool = new EspeakPool({
      size: Math.max(1, options.workers ?? 2),
      timeoutMs: options.timeoutMs ?? 10_000,
      worker: options.workerUrl ? { kind: 'file', url: options.workerUrl } : defaultWorker(),
      log: this.log,
    });
    this.warming = options.warm === false ? null : this.pool.warmUp();
    // A failed warm-up is reported by the first synthesis; do not leave it unhandled.
    this.warming?.catch((error: unknown) => this.log.warn({ err: error }, 'espeak warm-up failed'));
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
    return Promise.resolve(ESPEAK_VOICES);
  }

  async *synthesize(request: TtsRequest): AsyncGenerator<Int16Array, void, undefined> {
    const { signal } = request;
    signal.throwIfAborted();
    const voice = espeakVoiceFor(request.language, request.voice, this.voice);
    if (!voice) throw new Error(`eSpeak NG has no voice of "${request.language ?? ''}"`);
    const { text, truncated } = textForEspeak(request.text, this.maxTextChars);
    if (truncated) this.log.warn({ maxTextChars: this.maxTextChars }, 'tts text truncated');
    if (!text) return;
    const rate = request.speakingRate ?? 1;
    const wordsPerMinute = Math.round(
      Math.min(
        WORDS_PER_MINUTE.max,
        Math.max(WORDS_PER_MINUTE.min, WORDS_PER_MINUTE.normal * rate),
      ),
    );
    const audio = this.pool.run(text, { voice: voice.id, wordsPerMinute });
    const reader = audio.getReader();
    const onAbort = () => void reader.cancel(signal.reason).catch(() => undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        signal.throwIfAborted();
        if (done) return;
        yield value;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      // The consumer left (or it failed): a job still running stops.
      await reader.cancel().catch(() => undefined);
    }
  }

  poolStats(): WorkerPoolStats {
    return this.pool.stats();
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** Where the worker lives: `dist/espeak-worker.js` bundled, the .ts source in development. */
function defaultWorker(): WorkerSpec {
  return workerScript(import.meta.url, 'espeak-worker');
}
