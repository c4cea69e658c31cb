import { pcm16ToFloat, Resampler, SAMPLE_RATE_HZ, type ProviderInfo } from '@parley/shared';
import { MAX_UTTERANCE_SAMPLES } from '../../kinds/provider-kind.ts';
import type { AsrResult, AsrStartOptions, AsrStream } from '../../types.ts';
import { audioWindows } from './audio-windows.ts';
import { MOONSHINE_RATE_HZ, type MoonshineModel } from './moonshine-model.ts';

/** New audio between two partial readings (samples: 0.5 s, the package's own live step). */
const PARTIAL_STEP = MOONSHINE_RATE_HZ / 2;
/** The longest stretch read at once, and where a split may start (samples; see audioWindows). */
const WINDOW_MAX = MOONSHINE_RATE_HZ * 25;
const WINDOW_MIN = MOONSHINE_RATE_HZ * 15;

type State = 'open' | 'finishing' | 'closed';

/**
 * One utterance for Moonshine, which reads its audio whole: the audio is kept (by reference, as
 * written); every half second of new audio it is read again for a partial hypothesis — skipped
 * while the model is busy, so partials never queue up behind other conversations' finals — and
 * `finish` reads it all. An utterance past ~25 s is read in windows split at a quiet frame, each
 * window read once it is behind the audio (see {@link audioWindows}).
 */
export class MoonshineStream implements AsrStream {
  private state: State = 'open';
  private readonly chunks: Float32Array[] = [];
  private kept = 0;
  private samplesIn = 0;
  private sincePartial = 0;
  private partialText = '';
  private readonly resampler: Resampler | null;
  /** Texts of windows already behind the audio, by `start-end`. */
  private readonly windowTexts = new Map<string, string>();
  private rejectPending: ((error: unknown) => void) | null = null;
  private readonly onAbort = () => this.abort();

  constructor(
    private readonly model: Promise<MoonshineModel>,
    private readonly options: AsrStartOptions,
    private readonly info: ProviderInfo,
  ) {
    const { sampleRateHz } = options;
    this.resampler =
      sampleRateHz === MOONSHINE_RATE_HZ
        ? null
        : new Resampler({ inputRateHz: sampleRateHz, outputRateHz: SAMPLE_RATE_HZ });
    if (options.signal.aborted) this.abort();
    else options.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  write(samples: Int16Array): void {
    if (this.state !== 'open') return;
    this.samplesIn += samples.length;
    const audio = pcm16ToFloat(samples);
    const resampled = this.resampler ? this.resampler.process(audio) : audio;
    if (this.kept + resampled.length <= MAX_UTTERANCE_SAMPLES) {
      this.chunks.push(resampled);
      this.kept += resampled.length;
    }
    this.sincePartial += resampled.length;
    if (this.sincePartial >= PARTIAL_STEP && this.options.onPartial) {
      this.sincePartial = 0;
      void this.partial();
    }
  }

  finish(): Promise<AsrResult> {
    if (this.state !== 'open') return Promise.reject(this.abortError());
    this.state = 'finishing';
    return new Promise<AsrResult>((resolve, reject) => {
      this.rejectPending = reject;
      this.model
        .then((model) => this.read(model))
        .then(
          (text) => {
            if (this.state !== 'finishing') return;
            this.close();
            resolve({ text, audioMs: this.audioMs(), provider: this.info });
          },
          (error: unknown) => {
            if (this.state !== 'finishing') return;
            this.close();
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
    });
  }

  abort(): void {
    if (this.state === 'closed') return;
    const reject = this.rejectPending;
    this.close();
    reject?.(this.abortError());
  }

  serving(): ProviderInfo {
    return this.info;
  }

  /** The latest partial reading: it lags the audio by up to half a second and a reading. */
  snapshot(): Promise<AsrResult> {
    return Promise.resolve({ text: this.partialText, audioMs: this.audioMs() });
  }

  private async partial(): Promise<void> {
    const model = await this.model.catch(() => null);
    if (model === null || model.busy || !this.open()) return;
    const text = await this.read(model).catch(() => null);
    // The utterance may have ended while it was read.
    if (text === null || !this.open() || text === this.partialText) return;
    this.partialText = text;
    this.options.onPartial?.(text, false);
  }

  /** The text of the audio so far: the windows behind it (read once), then the last one. */
  private async read(model: MoonshineModel): Promise<string> {
    const audio = this.audio();
    const windows = audioWindows(audio, WINDOW_MAX, WINDOW_MIN);
    const texts: string[] = [];
    for (const [i, [start, end]] of windows.entries()) {
      const key = `${start}-${end}`;
      let text = this.windowTexts.get(key);
      if (text === undefined) {
        text = await model.transcribe(audio.subarray(start, end));
        if (i < windows.length - 1) this.windowTexts.set(key, text);
      }
      if (text !== '') texts.push(text);
    }
    return texts.join(' ');
  }

  /** The audio kept, as one array (joined once per read). */
  private audio(): Float32Array {
    if (this.chunks.length === 1 && this.chunks[0]) return this.chunks[0];
    const joined = new Float32Array(this.kept);
    let at = 0;
    for (const chunk of this.chunks) {
      joined.set(chunk, at);
      at += chunk.length;
    }
    this.chunks.splice(0, this.chunks.length, joined);
    return joined;
  }

  private open(): boolean {
    return this.state === 'open';
  }

  private audioMs(): number {
    return Math.round((this.samplesIn / this.options.sampleRateHz) * 1000);
  }

  private close(): void {
    this.state = 'closed';
    this.rejectPending = null;
    this.chunks.length = 0;
    this.options.signal.removeEventListener('abort', this.onAbort);
  }

  private abortError(): unknown {
    const { signal } = this.options;
    return signal.aborted ? signal.reason : new DOMException('ASR stream aborted', 'AbortError');
  }
}
