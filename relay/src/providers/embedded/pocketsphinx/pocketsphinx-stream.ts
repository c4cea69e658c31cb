import {
  SAMPLE_RATE_HZ,
  floatToPcm16,
  pcm16ToFloat,
  type ReadingAlternative,
  type Resampler,
} from '@parley/shared';
import type { HeardAudio } from '../../../audio/heard-audio.ts';
import { resamplerFrom, streamAborted } from '../stream-input.ts';
import type { Logger } from '../../../log/logger.ts';
import type {
  AsrCapabilities,
  AsrCut,
  AsrResult,
  AsrStartOptions,
  AsrStream,
} from '../../stages/asr.ts';
import type { Cut } from './cut-rule.ts';
import type { DecodeRun } from './decode-run.ts';
import type { DecoderProcess } from './decoder-process.ts';
import { bytesOf, UtteranceDecodes } from './utterance-decodes.ts';

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

/**
 * One utterance streamed into a warm PocketSphinx decoder.
 *
 * With `parley-sphinx` (its end mark) a snapshot at a pause cuts the words there (see
 * {@link snapshot}); a cut mid-sentence costs words, so the utterance is then decoded again,
 * whole, on a second decoder. Which decode's words are the utterance's is decided by what was
 * heard — the audio, where the pauses were, what each decoder said — never by when it arrived
 * (see {@link UtteranceDecodes}): the same utterance gives the same words streamed in real time
 * or in bursts.
 */
export class PocketSphinxStream implements AsrStream {
  private state: State = 'open';
  private samplesIn = 0;
  private readonly resampler: Resampler | null;
  private readonly decodes: UtteranceDecodes;
  private result: Promise<AsrResult> | null = null;
  private failure: Error | null = null;
  private rejectPending: ((error: unknown) => void) | null = null;
  private readonly onAbort = () => this.abort();
  private readonly segmentWaiters: (() => void)[] = [];
  /** Snapshots waiting for a cut of a decode to be done. */
  private readonly cutWaiters: { cut: Cut; done: () => void }[] = [];
  /** Whether {@link snapshot} cuts now: its reading comes at once, settled. */
  private readonly cut: AsrCut = {
    ready: () => this.state === 'open' && this.decodes.live.decoder.cuts,
  };

  constructor(
    decoder: DecoderProcess,
    private readonly options: AsrStartOptions,
    private readonly context: StreamContext,
  ) {
    this.resampler = resamplerFrom(options.sampleRateHz);
    this.decodes = new UtteranceDecodes(
      decoder,
      {
        heard: this.wholeSource(),
        ...(options.admitAnother ? { admitAnother: options.admitAnother } : {}),
        segmentGapMs: context.segmentGapMs,
        finishTimeoutMs: context.finishTimeoutMs,
        another: () => context.another(),
        release: (d, ended) => context.release(d, ended),
        phase: () => this.state,
        log: context.log,
      },
      {
        segment: (run) => {
          if (this.state === 'open')
            this.options.onPartial?.(run.segments.join(' '), true, alternativesOf(run));
          for (const w of this.segmentWaiters.splice(0)) w();
        },
        // The segment being spoken, after those already ended.
        partial: (run, text) => {
          if (this.state === 'open')
            this.options.onPartial?.([...run.segments, text].join(' '), false);
        },
        // Told while its audio is decoded, the end asked for or not: a stop phrase said last
        // may still stop a reply the sound's end had given back (see judgeBargeIn's `unsure`).
        spotted: (phrase) => {
          if (this.state !== 'closed') this.options.onSpotted?.(phrase);
        },
        // How far into the audio the words told reach (the decoder's "@" lines).
        covered: (_run, samples) => {
          if (this.state === 'open') this.options.onCovered?.((samples * 1000) / SAMPLE_RATE_HZ);
        },
        cut: (_run, cut) => {
          for (const w of this.cutWaiters.filter((w) => w.cut === cut)) {
            this.cutWaiters.splice(this.cutWaiters.indexOf(w), 1);
            w.done();
          }
        },
      },
    );
    if (options.signal.aborted) this.abort();
    else options.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Pid of the decoder process (for diagnostics and tests). */
  get pid(): number | undefined {
    return this.decodes.live.decoder.pid;
  }

  /** Pid of the decoder the utterance is decoded again on, whole, after a cut (if any). */
  get wholePid(): number | undefined {
    return this.decodes.whole?.decoder.pid;
  }

  write(samples: Int16Array): void {
    if (this.state !== 'open' || this.failure || samples.length === 0) return;
    this.samplesIn += samples.length;
    this.send(
      this.resampler ? floatToPcm16(this.resampler.process(pcm16ToFloat(samples))) : samples,
    );
    const { decoder } = this.decodes.live;
    if (decoder.bufferedBytes > this.context.maxBufferedBytes) {
      // The decoder runs at ~0.3× real time, so this means it is stuck; do not buffer forever.
      this.failure = new Error('PocketSphinx fell behind the audio; utterance dropped');
      this.context.log.warn(
        { pid: decoder.pid, bufferedBytes: decoder.bufferedBytes },
        'decoder fell behind',
      );
      decoder.kill();
    }
  }

  /**
   * The text so far, without ending the utterance. With `parley-sphinx` (its end mark) the
   * decoder closes the words where the audio written so far ends — a cut: its final pass runs
   * once it has read up to there, ~100 ms, not after the ~200 ms of silence its own voice
   * activity detector waits for — and if speech follows a cut too soon, the whole utterance is
   * decoded again on another decoder, so the cut costs no words (see {@link decodeWhole}).
   * Every decode of the utterance running is cut at every pause, so that what each reads
   * depends on where the pauses were, not on when they came. The reading waits for the cut,
   * however far behind the audio the decoder is (a burst of replayed frames puts it seconds
   * behind), up to the finish's timeout: the words at a pause are those of the audio up to it,
   * whenever it came (issue 61). Otherwise the decoder prints a segment ~200 ms into each
   * silence (`-vad_postspeech 20`) and this waits for that one, up to `waitMs`. Then it
   * answers with every segment printed: `settled` when the words were closed by a decode whose
   * earlier cuts cost nothing, and no speech was going on there (the final text repeats them
   * unless the user speaks again). Without that (the wait ran out) the text may miss words the
   * decoder has not caught up with: callers compare it with the final text before relying on it.
   */
  async snapshot(waitMs = 400): Promise<AsrResult> {
    let settled = false;
    if (this.state === 'open') {
      // The whole decode's cut, when there is one: it takes over then.
      const { run, cut } = this.decodes.pause(this.samplesIn);
      const limitMs = cut ? Math.max(waitMs, this.context.finishTimeoutMs) : waitMs;
      settled = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), limitMs);
        const done = () => {
          clearTimeout(timer);
          // Decided as the cut is told: words told after it in the same breath are not its.
          resolve(cut ? this.decodes.settledAt(run, cut) : this.segmentSettles());
        };
        if (cut?.done) done();
        else if (cut) this.cutWaiters.push({ cut, done });
        else this.segmentWaiters.push(done);
      });
    }
    const alternatives = alternativesOf(this.decodes.live);
    return {
      text: this.decodes.live.segments.join(' ').trim(),
      audioMs: (this.samplesIn * 1000) / this.options.sampleRateHz,
      settled,
      ...(alternatives.length > 0 ? { alternatives } : {}),
    };
  }

  /** A decoder that cannot cut ended a segment: settled with no speech since, none decoded again. */
  private segmentSettles(): boolean {
    return !this.decodes.live.inSpeech && this.decodes.whole === null;
  }

  /** Its cut, when its decoder can (`parley-sphinx`): see {@link AsrCut}. */
  capability<K extends keyof AsrCapabilities>(name: K): AsrCapabilities[K] | null {
    const capabilities: Partial<AsrCapabilities> = { cut: this.cut };
    return this.decodes.live.decoder.cuts ? (capabilities[name] ?? null) : null;
  }

  finish(): Promise<AsrResult> {
    if (this.result) return this.result;
    if (this.state === 'closed') return Promise.reject(streamAborted(this.options.signal));
    this.state = 'finishing';
    const audioMs = (this.samplesIn * 1000) / this.options.sampleRateHz;
    if (this.failure) return (this.result = this.close(Promise.reject(this.failure)));
    if (this.samplesIn === 0) {
      // The decoder heard nothing: it is free for the next stream at once, and this is over.
      this.state = 'closed';
      void this.decodes.end(this.decodes.live).catch(() => undefined);
      this.cleanUp();
      return (this.result = Promise.resolve({ text: '', audioMs: 0 }));
    }
    const tail = this.resampler?.flush();
    if (tail && tail.length > 0) this.send(floatToPcm16(tail));
    const startedAt = performance.now();
    const answer = new Promise<AsrResult>((resolve, reject) => {
      this.rejectPending = reject;
      this.decodes.settle().then((segments) => {
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
    if (wasOpen) this.decodes.endAll();
    this.rejectPending?.(streamAborted(this.options.signal));
    this.cleanUp();
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
    // A copy: the caller may reuse its buffer before the pipe drains.
    this.decodes.write(bytesOf(samples));
  }
}

/** Other readings of all `run` said: its last segment's alternatives after the segments before. */
function alternativesOf(run: DecodeRun): ReadingAlternative[] {
  const before = run.segments.slice(0, -1);
  return run.alternatives.map(({ text, gap }) => ({ text: [...before, text].join(' '), gap }));
}
