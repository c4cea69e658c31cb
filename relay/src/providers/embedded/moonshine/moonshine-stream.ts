import { pcm16ToFloat, SAMPLE_RATE_HZ, type ProviderInfo, type Resampler } from '@parley/shared';
import { MAX_UTTERANCE_SAMPLES } from '../../kinds/provider-kind.ts';
import type {
  AsrCapabilities,
  AsrCut,
  AsrResult,
  AsrStartOptions,
  AsrStream,
} from '../../types.ts';
import { resamplerFrom, streamAborted } from '../stream-input.ts';
import { audioWindows, silentAfter, speechSpan } from './audio-windows.ts';
import type { Transcriber } from './moonshine-worker-client.ts';

/** New audio between two partial readings (samples: 0.5 s, the package's own live step). */
const PARTIAL_STEP = SAMPLE_RATE_HZ / 2;
/** The longest stretch read at once, and where a split may start (samples; see audioWindows). */
const WINDOW_MAX = SAMPLE_RATE_HZ * 25;
const WINDOW_MIN = SAMPLE_RATE_HZ * 15;

type State = 'open' | 'finishing' | 'closed';

/**
 * One utterance for Moonshine, which reads its audio whole: the audio is kept (as floats, up to
 * two minutes); every half second of new audio it is read again for a partial hypothesis —
 * skipped while the model is busy, so partials never queue up behind other conversations'
 * finals — and `finish` reads it all, each time without the silence around the speech (see
 * {@link speechSpan}). An utterance past ~25 s is read in windows split at a quiet frame, each
 * window read once it is behind the audio (see {@link audioWindows}).
 *
 * It cuts at a pause as the embedded recogniser does ({@link AsrCut}): a snapshot then reads the
 * audio so far, and that reading is settled — the final transcript says the same unless the
 * user says more (speech after the cut, see {@link silentAfter}), so an answer started on it at
 * the pause goes out as the turn ends.
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
  /** The last cut: where it fell (samples kept) and what it read. */
  private cutAt: { samples: number; text: string } | null = null;
  private readonly cut: AsrCut = { ready: () => this.open() && this.kept > 0 };

  constructor(
    private readonly model: Promise<Transcriber>,
    private readonly options: AsrStartOptions,
    private readonly info: ProviderInfo,
  ) {
    this.resampler = resamplerFrom(options.sampleRateHz);
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
        .then((model) => this.finalText(model))
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

  /**
   * A cut: the audio so far read now, settled (see the class's comment). After the utterance
   * ended, the latest partial reading.
   */
  async snapshot(): Promise<AsrResult> {
    if (!this.cut.ready()) return { text: this.partialText, audioMs: this.audioMs() };
    const samples = this.kept;
    const text = await this.read(await this.model, samples);
    if (this.open() && (this.cutAt === null || this.cutAt.samples < samples))
      this.cutAt = { samples, text };
    return { text, audioMs: this.audioMs(), settled: true };
  }

  capability<K extends keyof AsrCapabilities>(name: K): AsrCapabilities[K] {
    const capabilities: AsrCapabilities = { cut: this.cut };
    return capabilities[name];
  }

  /** The cut's reading where nothing but silence came after it; else all the audio read. */
  private finalText(model: Transcriber): Promise<string> {
    const cut = this.cutAt;
    if (cut !== null && silentAfter(this.audio(), cut.samples)) return Promise.resolve(cut.text);
    return this.read(model);
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

  /**
   * The text of the audio so far (its first `samples`): the windows behind it (read once), then
   * the last one.
   */
  private async read(model: Transcriber, samples = this.kept): Promise<string> {
    const audio = this.audio().subarray(0, samples);
    const windows = audioWindows(audio, WINDOW_MAX, WINDOW_MIN);
    const texts: string[] = [];
    for (const [i, [start, end]] of windows.entries()) {
      const key = `${start}-${end}`;
      let text = this.windowTexts.get(key);
      if (text === undefined) {
        const window = audio.subarray(start, end);
        const speech = speechSpan(window);
        text = speech === null ? '' : await model.transcribe(window.subarray(...speech));
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
    return streamAborted(this.options.signal);
  }
}
