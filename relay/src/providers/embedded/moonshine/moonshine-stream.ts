import { pcm16ToFloat, SAMPLE_RATE_HZ, type ProviderInfo, type Resampler } from '@parley/shared';
import { MAX_UTTERANCE_SAMPLES } from '../../kinds/provider-kind.ts';
import { recognitionQueueFull } from '../../../limits/limit-errors.ts';
import type {
  AsrCapabilities,
  AsrCut,
  AsrQueue,
  AsrResult,
  AsrStartOptions,
  AsrStream,
} from '../../stages/asr.ts';
import { resamplerFrom, streamAborted } from '../stream-input.ts';
import { silentAfter, speechEnd } from './audio-windows.ts';
import { ReadNotRun, type MoonshineReader } from './moonshine-reader.ts';
import { QuietTail } from './quiet-tail.ts';
import { Reading, UtteranceReads } from './utterance-reads.ts';

/** New audio between two partial readings (samples: 0.5 s, the package's own live step). */
const PARTIAL_STEP = SAMPLE_RATE_HZ / 2;

/**
 * Quiet after speech that asks for an early reading (ms): the client tells a pause only after
 * its own voice detector's silence, later than this; a shorter gap inside a sentence costs one
 * reading ahead, at the lowest priority (issue 61, item 2).
 */
export const EARLY_READ_QUIET_MS = 40;

type State = 'open' | 'finishing' | 'closed';

/** Utterances told apart in the read queue (turns among one user's utterances). */
let nextStreamId = 1;

/**
 * One utterance for Moonshine, which reads its audio whole: the audio is kept (as floats, up to
 * two minutes); every half second of new audio it is read again for a partial hypothesis —
 * at most one at a time, behind every final in the queue (see ReadSchedule) — and `finish`
 * reads it all, each time its speech alone, whatever silence followed it (see speechToRead). An
 * utterance past ~10 s is read in windows split at a quiet frame, each window read once, ahead,
 * as soon as it is behind the audio (see {@link UtteranceReads}).
 *
 * It cuts at a pause as the embedded recogniser does ({@link AsrCut}): a snapshot then reads the
 * audio so far, and that reading is settled — the final transcript says the same unless the
 * user says more (speech after the cut, see {@link silentAfter}), so an answer started on it at
 * the pause goes out as the turn ends. A newer cut withdraws the reading of the one before
 * where it still waits.
 *
 * It reads early: once the audio has been quiet a moment after speech ({@link QuietTail}), the
 * speech so far is read at once, as a partial (the lowest priority, behind every final: see
 * ReadSchedule), before the client tells the pause. A reading is a function of the audio up to
 * where its speech ends (see speechToRead, audioWindows), so a cut or an end whose speech ends
 * at the same sample takes that reading as its own (promoted to a final where it still waits)
 * instead of reading again: the same words, sooner.
 *
 * A reading the queue did not run (the user's cap, or a final shed past its wait) fails with
 * the relay's own error ({@link recognitionQueueFull}), never as Moonshine's failure.
 */
export class MoonshineStream implements AsrStream {
  private state: State = 'open';
  private readonly chunks: Float32Array[] = [];
  private kept = 0;
  private samplesIn = 0;
  private sincePartial = 0;
  private partialText = '';
  private partialReading = false;
  /** Partials asked (one per half second of new audio): asked during a read, one follows it. */
  private partialsAsked = 0;
  private readonly resampler: Resampler | null;
  private readonly reads: UtteranceReads;
  private rejectPending: ((error: unknown) => void) | null = null;
  private readonly onAbort = () => this.abort();
  /** The last cut read: where it fell (samples kept) and what it read. */
  private cutAt: { samples: number; text: string } | null = null;
  /** The last cut asked: where it fell, and its reading to come. */
  private cutAsked: { samples: number; text: Promise<string>; reading: Reading } | null = null;
  /** Tells when the audio went quiet after speech, for an early reading. */
  private readonly quiet = new QuietTail();
  /** The early reading: of the speech up to `end` (samples), not yet taken by a cut. */
  private early: { end: number; text: Promise<string>; reading: Reading } | null = null;
  private earlyAsked = false;
  /** Where the speech read last for an answer ends (samples): an early reading of it is none. */
  private answerReadEnd: number | null = null;
  private readonly cut: AsrCut = { ready: () => this.open() && this.kept > 0 };
  private readonly queue: AsrQueue = { waiting: () => this.reads.waiting() };

  /**
   * @param earlyQuietMs quiet after speech that asks for the early reading (ms; Infinity: none,
   *   as before issue 61 item 2, for the bench's comparison)
   */
  constructor(
    reader: Promise<MoonshineReader>,
    private readonly options: AsrStartOptions,
    private readonly info: ProviderInfo,
    private readonly earlyQuietMs = EARLY_READ_QUIET_MS,
  ) {
    this.resampler = resamplerFrom(options.sampleRateHz);
    const stream = nextStreamId++;
    // An unnamed speaker is one of their own: their utterances take no one else's turns.
    const owner = options.speaker ?? `(utterance ${stream})`;
    this.reads = new UtteranceReads(reader, { owner, stream });
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
      if (this.reads.hasNewWindow(this.kept)) this.reads.readAhead(this.audio());
      this.quiet.write(resampled);
      const quietMs = this.quiet.quietMs();
      if (quietMs === 0) this.earlyAsked = false;
      else if (quietMs >= this.earlyQuietMs && !this.earlyAsked) {
        this.earlyAsked = true;
        this.readEarly();
      }
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
      this.finalText().then(
        (text) => {
          if (this.state !== 'finishing') return;
          this.close();
          resolve({ text, audioMs: this.audioMs(), provider: this.info });
        },
        (error: unknown) => {
          if (this.state !== 'finishing') return;
          this.close();
          // The relay's queue did not run it: the relay's own refusal, not Moonshine's failure.
          if (error instanceof ReadNotRun) reject(recognitionQueueFull());
          else reject(error instanceof Error ? error : new Error(String(error)));
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
    // A newer pause: the reading of the one before is of no use where it still waits.
    this.cutAsked?.reading.giveUp();
    const { text, reading } = this.readingOf(this.audio().subarray(0, samples));
    this.cutAsked = { samples, text, reading };
    const read = await text;
    if (this.open() && (this.cutAt === null || this.cutAt.samples < samples))
      this.cutAt = { samples, text: read };
    return { text: read, audioMs: this.audioMs(), settled: true };
  }

  capability<K extends keyof AsrCapabilities>(name: K): AsrCapabilities[K] | null {
    const capabilities: Partial<AsrCapabilities> = { cut: this.cut, queue: this.queue };
    return capabilities[name] ?? null;
  }

  /**
   * The cut's reading where nothing but silence came after it (awaited if it is still being
   * read: not read twice); else all the audio read.
   */
  private async finalText(): Promise<string> {
    const audio = this.audio();
    const cut = this.cutAt;
    if (cut !== null && silentAfter(audio, cut.samples)) return cut.text;
    const asked = this.cutAsked;
    if (
      asked !== null &&
      asked.samples > (cut?.samples ?? 0) &&
      silentAfter(audio, asked.samples)
    ) {
      const text = await asked.text.catch(() => null);
      if (text !== null) return text;
    }
    return this.readingOf(audio).text;
  }

  /** Asks for the early reading of the speech so far (see the class's comment). */
  private readEarly(): void {
    const audio = this.audio();
    const end = speechEnd(audio);
    // The pause may be told before the quiet is seen here: its cut reads the same speech.
    if (end === null || end === this.early?.end || end === this.answerReadEnd) return;
    // Speech came since the last one: it reads what is no longer the utterance's end.
    this.early?.reading.giveUp();
    const reading = new Reading();
    const text = this.reads.text(audio.subarray(0, end), 'partial', reading);
    text.catch(() => undefined);
    this.early = { end, text, reading };
  }

  /**
   * The reading of `audio` an answer waits on: the early one where its speech ends where
   * `audio`'s does (promoted; read again, as a final, where the queue did not run it), else
   * one asked now.
   */
  private readingOf(audio: Float32Array): { text: Promise<string>; reading: Reading } {
    const early = this.early;
    const end = speechEnd(audio);
    this.answerReadEnd = end;
    if (early === null || end !== early.end) {
      const reading = new Reading();
      return { text: this.reads.text(audio, 'final', reading), reading };
    }
    this.early = null;
    const { reading } = early;
    reading.promote();
    // Dropped or refused as a partial (its user's cap): asked again, as the final it now is.
    const text = early.text.catch((error: unknown) => {
      const again = error instanceof ReadNotRun && ['dropped', 'refused'].includes(error.reason);
      if (reading.givenUp || !again) throw error;
      return this.reads.text(audio, 'final', reading);
    });
    return { text, reading };
  }

  /** Reads the audio so far for a partial: one at a time, the latest audio next. */
  private async partial(): Promise<void> {
    if (!this.open()) return;
    const asked = ++this.partialsAsked;
    if (this.partialReading) return;
    this.partialReading = true;
    const text = await this.reads.text(this.audio(), 'partial').catch(() => null);
    this.partialReading = false;
    // The utterance may have ended while it was read.
    if (!this.open()) return;
    if (text !== null && text !== this.partialText) {
      this.partialText = text;
      this.options.onPartial?.(text, false);
    }
    if (this.partialsAsked > asked) void this.partial();
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
    this.reads.close();
    this.options.signal.removeEventListener('abort', this.onAbort);
  }

  private abortError(): unknown {
    return streamAborted(this.options.signal);
  }
}
