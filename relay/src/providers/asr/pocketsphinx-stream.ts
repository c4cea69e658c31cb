import { Resampler, SAMPLE_RATE_HZ, floatToPcm16, pcm16ToFloat } from '@parley/shared';
import { SILENCE_FLOOR_SAMPLES, silenceAfter } from '../../audio/silence-after.ts';
import type { HeardAudio } from '../../audio/heard-audio.ts';
import type { Logger } from '../../log/logger.ts';
import type { AsrCapabilities, AsrCut, AsrResult, AsrStartOptions, AsrStream } from '../types.ts';
import type { DecoderProcess } from './decoder-process.ts';
import type { DecoderListener, DecoderUtterance } from './decoder-utterance.ts';

/** What a stream needs from the provider that opened it. */
export interface StreamContext {
  /** Longest `finish` waits for the decoder's answer (ms). */
  finishTimeoutMs: number;
  /** Audio queued for the decoder beyond this fails the utterance (bytes). */
  maxBufferedBytes: number;
  /** Silence after which the decoder's own voice activity detector ends a segment (ms). */
  segmentGapMs: number;
  log: Logger;
  /**
   * Takes back the decoder once the stream has ended its utterance (`ended` settles when the
   * decoder has decoded it: at once for a finished stream, later for an abandoned one).
   */
  release(decoder: DecoderProcess, ended: Promise<unknown>): void;
  /** Another decoder for the same speaker (a fresh one), to decode the utterance again on. */
  another(): DecoderProcess;
  /** The stream is over (finished, failed or aborted). */
  closed(stream: PocketSphinxStream): void;
}

type State = 'open' | 'finishing' | 'closed';

/** One utterance streamed into a warm PocketSphinx decoder. */
export class PocketSphinxStream implements AsrStream {
  private state: State = 'open';
  private samplesIn = 0;
  private readonly segments: string[] = [];
  private readonly resampler: Resampler | null;
  private utterance: DecoderUtterance;
  /** Where the last cut was, in samples of the utterance (its owner's, see decodeWhole). */
  private cutAtSample = 0;
  /**
   * Where the words stand against the last cut: `cutting` until the decoder has closed them,
   * `cut` after (speech then means decoding the utterance again), `none` otherwise.
   */
  private cutState: 'none' | 'cutting' | 'cut' = 'none';
  /**
   * After speech went on past a cut: another decoder, fed the whole utterance. The live one's
   * words are two decodings from then on (never settled); at the next pause this one is cut
   * instead, and takes over (see decodeWhole).
   */
  private whole: WholeDecode | null = null;
  /** The live decoder's slot under the recognition limits, when it was a whole decode. */
  private releaseSlot: (() => void) | null = null;
  /** What the live decoder's output means (a whole decode that takes over forwards to it). */
  private readonly listener: Required<DecoderListener>;
  private result: Promise<AsrResult> | null = null;
  private failure: Error | null = null;
  private rejectPending: ((error: unknown) => void) | null = null;
  private readonly onAbort = () => this.abort();
  private readonly segmentWaiters: (() => void)[] = [];
  /** Snapshots waiting for the cut going on. */
  private readonly cutWaiters: (() => void)[] = [];
  /** The decoder printed a hypothesis since its last segment: speech is going on. */
  private speaking = false;
  /** Whether {@link snapshot} cuts now: its reading comes at once, settled. */
  private readonly cut: AsrCut = { ready: () => this.state === 'open' && this.decoder.cuts };

  constructor(
    private decoder: DecoderProcess,
    private readonly options: AsrStartOptions,
    private readonly context: StreamContext,
  ) {
    const { sampleRateHz } = options;
    this.resampler =
      sampleRateHz === SAMPLE_RATE_HZ
        ? null
        : new Resampler({ inputRateHz: sampleRateHz, outputRateHz: SAMPLE_RATE_HZ });
    this.listener = {
      segment: (text) => {
        this.segments.push(text);
        this.speaking = false;
        if (this.state === 'open') this.options.onPartial?.(this.segments.join(' '), true);
        for (const w of this.segmentWaiters.splice(0)) w();
      },
      // The segment being spoken, after those already ended.
      partial: (text) => {
        // Speech after a cut: the sentence goes on, and a segment closed mid-sentence costs
        // words ('what did | i just say' heard as '… just they'): decode it all again, whole.
        if (this.cutState === 'cut' && this.state === 'open') this.speechAfterCut();
        this.speaking = true;
        if (this.state === 'open')
          this.options.onPartial?.([...this.segments, text].join(' '), false);
      },
      cut: () => {
        if (this.cutState !== 'cutting') return;
        this.cutState = 'cut';
        for (const w of this.cutWaiters.splice(0)) w();
      },
    };
    this.utterance = decoder.begin(this.listener);
    if (options.signal.aborted) this.abort();
    else options.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Pid of the decoder process (for diagnostics and tests). */
  get pid(): number | undefined {
    return this.decoder.pid;
  }

  /** Pid of the decoder the utterance is decoded again on, whole, after a cut (if any). */
  get wholePid(): number | undefined {
    return this.whole?.decoder.pid;
  }

  write(samples: Int16Array): void {
    if (this.state !== 'open' || this.failure || samples.length === 0) return;
    this.samplesIn += samples.length;
    this.send(
      this.resampler ? floatToPcm16(this.resampler.process(pcm16ToFloat(samples))) : samples,
    );
    if (this.decoder.bufferedBytes > this.context.maxBufferedBytes) {
      // The decoder runs at ~0.3× real time, so this means it is stuck; do not buffer forever.
      this.failure = new Error('PocketSphinx fell behind the audio; utterance dropped');
      this.context.log.warn(
        { pid: this.pid, bufferedBytes: this.decoder.bufferedBytes },
        'decoder fell behind',
      );
      this.decoder.kill();
    }
  }

  /**
   * The text so far, without ending the utterance. With `parley-sphinx` (its end mark) the
   * decoder closes the words where the audio written so far ends — a cut: its final pass runs
   * now, ~100 ms, not after the ~200 ms of silence its own voice activity detector waits for —
   * and if speech follows, the whole utterance is decoded again on another decoder, so the cut
   * costs no words (see {@link decodeWhole}). Otherwise the decoder prints a segment ~200 ms
   * into each silence (`-vad_postspeech 20`) and this waits for that one. Either way up to
   * `waitMs`, then it answers with every segment printed: `settled` when the words were closed
   * and no speech began after (the final text repeats them unless the user speaks again).
   * Without that (the wait ran out) the text may miss words the decoder has not caught up
   * with: callers compare it with the final text before relying on it.
   */
  async snapshot(waitMs = 400): Promise<AsrResult> {
    let closed = false;
    if (this.state === 'open') {
      // Once the utterance is decoded whole elsewhere, the live decoder's words are two
      // decodings ('what did | i just they'): the whole one is cut instead, and takes over.
      const whole = this.whole;
      if (whole) {
        if (!whole.cutting && whole.utterance.cut()) whole.cutting = true;
      } else if (this.cutState === 'none' && this.utterance.cut()) this.cutState = 'cutting';
      if (whole?.cutting || this.cutState === 'cutting') this.cutAtSample = this.samplesIn;
      const cutting = whole ? whole.cutting : this.cutState === 'cutting';
      const waiters = cutting ? this.cutWaiters : this.segmentWaiters;
      closed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), waitMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    }
    return {
      text: this.segments.join(' ').trim(),
      audioMs: (this.samplesIn * 1000) / this.options.sampleRateHz,
      settled: closed && !this.speaking && this.whole === null,
    };
  }

  /** Its cut, when its decoder can (`parley-sphinx`): see {@link AsrCut}. */
  capability<K extends keyof AsrCapabilities>(name: K): AsrCapabilities[K] | null {
    const capabilities: AsrCapabilities = { cut: this.cut };
    return this.decoder.cuts ? capabilities[name] : null;
  }

  finish(): Promise<AsrResult> {
    if (this.result) return this.result;
    if (this.state === 'closed') return Promise.reject(abortError(this.options.signal));
    this.state = 'finishing';
    const audioMs = (this.samplesIn * 1000) / this.options.sampleRateHz;
    if (this.failure) return (this.result = this.close(Promise.reject(this.failure)));
    if (this.samplesIn === 0) {
      // The decoder heard nothing: it is free for the next stream at once, and this is over.
      this.state = 'closed';
      this.context.release(this.decoder, this.utterance.end(this.context.finishTimeoutMs));
      this.cleanUp();
      return (this.result = Promise.resolve({ text: '', audioMs: 0 }));
    }
    const tail = this.resampler?.flush();
    if (tail && tail.length > 0) this.send(floatToPcm16(tail));
    const startedAt = performance.now();
    const live = this.endLive(this.utterance.end(this.context.finishTimeoutMs));
    // After a cut the final text is the whole utterance's (the cut one's, should that fail).
    const whole = this.whole;
    let ended = live;
    if (whole) {
      live.catch(() => undefined);
      const wholeEnded = whole.utterance.end(this.context.finishTimeoutMs);
      ended = this.endDecoder(whole.decoder, whole.release, wholeEnded).catch(() => live);
    }
    const answer = new Promise<AsrResult>((resolve, reject) => {
      this.rejectPending = reject;
      ended.then((segments) => {
        const text = segments.join(' ').trim();
        this.context.log.debug(
          {
            pid: this.pid,
            audioMs: Math.round(audioMs),
            finishMs: Math.round(performance.now() - startedAt),
            segments: segments.length,
          },
          'asr finished',
        );
        resolve({ text, audioMs });
      }, reject);
    });
    return (this.result = this.close(answer));
  }

  /**
   * Abandons the utterance: no more partials, a pending `finish` rejects. The decoder decodes
   * what it was given to its end (a fraction of a second) and serves the next utterance: no
   * process is killed or started for an abandoned one.
   */
  abort(): void {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    this.utterance.mute();
    if (wasOpen) {
      void this.endLive(this.utterance.end(this.context.finishTimeoutMs).catch(() => undefined));
      const whole = this.whole;
      if (whole) {
        const wholeEnded = whole.utterance.end(this.context.finishTimeoutMs);
        void this.endDecoder(
          whole.decoder,
          whole.release,
          wholeEnded.catch(() => undefined),
        );
      }
    }
    this.rejectPending?.(abortError(this.options.signal));
    this.cleanUp();
  }

  /** The live decoder, its utterance ending with `ended` (see {@link endDecoder}). */
  private endLive<T>(ended: Promise<T>): Promise<T> {
    const release = this.releaseSlot;
    this.releaseSlot = null;
    return this.endDecoder(this.decoder, release, ended);
  }

  /**
   * `decoder`, its utterance ending with `ended`: it goes back to the pool then, and the slot it
   * held under the recognition limits (a whole decode's) is given back, however it ends.
   */
  private endDecoder<T>(
    decoder: DecoderProcess,
    release: (() => void) | null,
    ended: Promise<T>,
  ): Promise<T> {
    this.context.release(decoder, ended);
    if (release) ended.then(release, release);
    return ended;
  }

  /** Settles `answer` unless an abort comes first, then lets go of the decoder. */
  private async close(answer: Promise<AsrResult>): Promise<AsrResult> {
    try {
      return await answer;
    } finally {
      this.state = 'closed';
      this.cleanUp();
    }
  }

  private cleanUp(): void {
    this.rejectPending = null;
    this.options.signal.removeEventListener('abort', this.onAbort);
    this.context.closed(this);
  }

  private send(samples: Int16Array): void {
    // A copy: the caller may reuse its buffer before the pipe drains. Little-endian hosts only
    // (x86, ARM), like the rest of the audio path.
    const bytes = new Uint8Array(
      samples.buffer.slice(samples.byteOffset, samples.byteOffset + samples.byteLength),
    );
    this.utterance.write(bytes);
    this.whole?.utterance.write(bytes);
  }

  /**
   * Speech came after a cut. Where the silence after it was long enough for the decoder's own
   * voice activity detector to end a segment there too (a hesitation, not a gap between words),
   * the cut cost nothing: the live decoder's words stand, and are cut and settled at the next
   * pause as at the first (no second decode, whose catching up and final pass over the whole
   * sentence the answer would wait for). Otherwise the sentence is decoded again, whole.
   */
  private speechAfterCut(): void {
    this.cutState = 'none';
    const heard = this.wholeSource();
    // Read from the silence's floor before the cut on.
    const from = Math.max(0, this.cutAtSample - SILENCE_FLOOR_SAMPLES);
    const silentMs =
      heard && silenceAfter(heard.copy(heard.samples, from), this.cutAtSample - from);
    if (silentMs !== null && silentMs >= this.context.segmentGapMs) {
      this.context.log.debug(
        { pid: this.decoder.pid, silentMs },
        'speech after a long pause: the cut words stand',
      );
      return;
    }
    this.decodeWhole();
  }

  /**
   * Speech came after a cut: the words closed at the pause were mid-sentence. Another decoder
   * decodes the utterance from its start (~0.15× real time, while the user goes on speaking) and
   * then with the rest of it, and is never cut: the final text is its, the whole sentence's, as
   * if there had been no cut. The cut one goes on as before, live: its words at each pause
   * (cut again there) are what the end of turn and the speculative answer use.
   */
  private decodeWhole(): void {
    const heard = this.wholeSource();
    if (this.whole || !heard) return;
    const audioMs = Math.round((heard.samples / SAMPLE_RATE_HZ) * 1000);
    if (heard.overflowed) {
      this.context.log.debug({ pid: this.decoder.pid, audioMs }, 'too long to decode again');
      return;
    }
    // A second decoder is a second recognition: under the limits' caps, like a speculation's.
    const release = this.options.admitAnother ? this.options.admitAnother() : () => undefined;
    if (!release) {
      this.context.log.debug(
        { pid: this.decoder.pid, audioMs },
        'speech after a cut, no recognition free to decode it again: the cut words stand',
      );
      return;
    }
    const decoder = this.context.another();
    // Its words are the stream's once it has taken over; till then only kept.
    const live = () => this.decoder === decoder;
    const pending = () => (this.whole?.decoder === decoder ? this.whole : null);
    const utterance = decoder.begin({
      segment: (text) => {
        if (live()) this.listener.segment(text);
        else pending()?.segments.push(text);
      },
      partial: (text) => {
        if (live()) this.listener.partial(text);
      },
      cut: () => {
        const whole = pending();
        if (live()) this.listener.cut();
        else if (whole?.cutting && this.state === 'open') this.takeOver(whole);
      },
    });
    utterance.write(new Uint8Array(heard.copy().buffer));
    this.whole = { decoder, utterance, release, segments: [], cutting: false };
    this.context.log.debug(
      { pid: this.decoder.pid, wholePid: decoder.pid, audioMs },
      'speech after a cut: the utterance decoded again, whole',
    );
  }

  /**
   * The utterance's audio so far, as the decoder was given it, to decode again: its owner's
   * (see {@link AsrStartOptions.heard}; the stream keeps none). Null without one, or at another
   * rate than the decoder's (the stream resamples each write as it comes).
   */
  private wholeSource(): HeardAudio | null {
    const { heard, sampleRateHz } = this.options;
    return heard && sampleRateHz === SAMPLE_RATE_HZ ? heard : null;
  }

  /**
   * The whole decode, cut at a pause, has read the utterance to there in one piece: it becomes
   * the live decoder (its words are settled, as a first cut's are; speech after it is decoded
   * whole again). The one it replaces decodes what it has to its end and goes back to the pool.
   */
  private takeOver(whole: WholeDecode): void {
    this.utterance.mute();
    void this.endLive(this.utterance.end(this.context.finishTimeoutMs).catch(() => undefined));
    this.whole = null;
    this.decoder = whole.decoder;
    this.releaseSlot = whole.release;
    this.segments.splice(0, this.segments.length, ...whole.segments);
    this.speaking = false;
    this.cutState = 'cut';
    this.utterance = whole.utterance;
    for (const w of this.cutWaiters.splice(0)) w();
    this.context.log.debug({ pid: whole.decoder.pid }, 'the whole decode takes over, cut');
  }
}

/** A decode of the whole utterance on another decoder, after speech went on past a cut. */
interface WholeDecode {
  decoder: DecoderProcess;
  utterance: DecoderUtterance;
  /** Gives back its slot under the recognition limits. */
  release: () => void;
  /** Segments it has printed (its own voice activity detector's). */
  segments: string[];
  /** It was cut at a pause: it takes over once the cut is done. */
  cutting: boolean;
}

function abortError(signal: AbortSignal): unknown {
  return signal.aborted ? signal.reason : new DOMException('ASR stream aborted', 'AbortError');
}
