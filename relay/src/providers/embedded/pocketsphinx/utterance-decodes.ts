import { SAMPLE_RATE_HZ } from '@parley/shared';
import type { HeardAudio } from '../../../audio/heard-audio.ts';
import type { Logger } from '../../../log/logger.ts';
import { firstHarmfulCut, type Cut, type CutJudge } from './cut-rule.ts';
import { DecodeRun, type RunEvents } from './decode-run.ts';
import type { DecoderProcess } from './decoder-process.ts';

/** What the decodes of an utterance need from its stream and provider. */
export interface DecodesContext {
  /** The utterance's audio as its owner keeps it, at 16 kHz; null: none to decode again. */
  heard: HeardAudio | null;
  /** A second decoder's slot under the recognition limits (see AsrStartOptions.admitAnother). */
  admitAnother?: () => (() => void) | null;
  /** Silence after which the decoder's own voice activity detector ends a segment (ms). */
  segmentGapMs: number;
  /** Longest a decode's end waits for its decoder (ms). */
  finishTimeoutMs: number;
  /** Another decoder for the same speaker (a fresh one), to decode the utterance again on. */
  another(): DecoderProcess;
  /** Takes back a decoder once its decode has ended (see StreamContext.release). */
  release(decoder: DecoderProcess, ended: Promise<unknown>): void;
  /** Where the stream stands: decodes are mended while it is not closed. */
  phase(): 'open' | 'finishing' | 'closed';
  log: Logger;
}

/** What the live decode tells, and each cut done (the stream's partials and snapshots). */
export interface LiveEvents {
  segment(run: DecodeRun): void;
  partial(run: DecodeRun, text: string): void;
  /** A keyphrase spotted, by any decode (a phrase spotted twice is told twice). */
  spotted(phrase: string): void;
  cut(run: DecodeRun, cut: Cut): void;
  /** The live decode's words so far are its reading of the first `samples` of the utterance. */
  covered?(run: DecodeRun, samples: number): void;
}

/**
 * The decodes of one utterance by the embedded recogniser: the live one, cut at each pause, and
 * — once one of its cuts proves to have cost words (see cutVerdict) — a decode of the whole
 * utterance on a second decoder, uncut there and cut at each pause after it, which takes over
 * at its next cut. Which decode's words are the utterance's is decided by what was heard (the
 * audio, the pauses, what each decoder said), never by when it arrived: see {@link settle}.
 */
export class UtteranceDecodes {
  /** The decode whose words the stream tells. */
  live: DecodeRun;
  /** The decode of the whole utterance mending the live one's first costly cut, if any. */
  whole: DecodeRun | null = null;
  /** Where each pause cut the utterance (samples), in order. */
  private readonly pauses: number[] = [];
  /** The live decode has a cut whose verdict waits for more audio (see cutVerdict). */
  private verdictPending = false;
  private readonly events: RunEvents;

  constructor(
    decoder: DecoderProcess,
    private readonly context: DecodesContext,
    tell: LiveEvents,
  ) {
    this.events = {
      segment: (run) => {
        if (run !== this.live) return;
        tell.segment(run);
        this.review();
      },
      partial: (run, text) => {
        if (run !== this.live) return;
        tell.partial(run, text);
        this.review();
      },
      covered: (run, samples) => {
        if (run === this.live) tell.covered?.(run, samples);
      },
      // Sooner is what matters: the whole decode reads audio the live one has read already.
      spotted: (_run, phrase) => tell.spotted(phrase),
      cut: (run, cut) => {
        // The whole decode, cut at a pause, has read the utterance to there in one piece: it
        // becomes the live one (its words are settled, as a first cut's are).
        if (run === this.whole && this.context.phase() === 'open') this.takeOver(run);
        tell.cut(run, cut);
        if (run === this.live) this.review();
      },
    };
    this.live = new DecodeRun(decoder, 0, null, this.events);
  }

  /** Audio for every decode running (a copy: see DecodeRun.write). */
  write(bytes: Uint8Array): void {
    this.live.write(bytes);
    this.whole?.write(bytes);
    // Speech after a cut whose start the audio so far did not show: this may.
    if (this.verdictPending) this.review();
  }

  /**
   * A pause at sample `at`: every decode whose words may still be the utterance's is cut there,
   * whatever came back of earlier cuts (so that what each reads depends on where the pauses
   * were, not on when they came) — the live one unless a whole decode mends it (one of its cuts
   * cost words: its words are out), and the whole one. Returns the decode whose cut answers the
   * pause — the whole one, if any, which takes over once cut — and that cut (null when it
   * cannot be cut).
   */
  pause(at: number): { run: DecodeRun; cut: Cut | null } {
    if (this.live.decoder.cuts && this.pauses.at(-1) !== at) {
      this.pauses.push(at);
      if (this.whole) this.whole.cut(at);
      else this.live.cut(at);
    }
    const run = this.whole ?? this.live;
    return { run, cut: run.cutAt(at) ?? null };
  }

  /**
   * Whether the cut `cut` of `run`, done, settles the words before it: `run` is the live decode,
   * no speech was going on at the cut, and its words up to there are the utterance's — none of
   * its earlier cuts cost words, or one did that no decode can mend.
   */
  settledAt(run: DecodeRun, cut: Cut): boolean {
    if (run !== this.live || !cut.quiet) return false;
    const earlier = run.cuts.slice(0, run.cuts.indexOf(cut));
    // Each earlier cut is closed: this one, after them, is done.
    const costly = firstHarmfulCut(earlier, true, this.judge(false));
    return costly === null || (costly !== 'pending' && run.unmended);
  }

  /**
   * The utterance's words, all its audio heard: the live decode's, unless one of its cuts cost
   * words (cutVerdict, on all the audio and all the decoder said); then those of a decode of the
   * whole utterance uncut there — the one started while the user spoke or as the decoder told of
   * the speech after the cut, or one started now — judged the same way in turn. So the words do
   * not depend on when anything arrived: audio that came in a burst only makes the end wait for
   * the decode a steady stream would have had running. Only a decode the recognition limits
   * refuse, or an utterance too long to keep, leaves a costly cut's words standing. Each
   * decode's end is bounded by `finishTimeoutMs`.
   */
  async settle(): Promise<string[]> {
    let run = this.live;
    let ended = this.end(run);
    let fallback: Promise<string[]> | null = null;
    for (;;) {
      // The live decode's mend: its words stand unless its own cuts cost words (its end
      // failing: the live decode's).
      const mend = run === this.live ? this.whole : null;
      if (mend) {
        ended.catch(() => undefined);
        [run, fallback, ended] = [mend, ended, this.end(mend)];
        continue;
      }
      let segments: string[];
      try {
        segments = await ended;
      } catch (err) {
        if (fallback) return fallback;
        throw err;
      }
      if (this.context.phase() === 'closed' || run.unmended) return segments;
      // Started as the live decode ended, from what it told last.
      if (run === this.live && this.whole) continue;
      const costly = firstHarmfulCut(run.cuts, run.ended, this.judge(true));
      if (costly === null || costly === 'pending') return segments;
      const again = this.decodeWhole(costly.at);
      if (!again) return segments;
      this.context.log.debug(
        { pid: run.decoder.pid, wholePid: again.decoder.pid, cutAt: costly.at },
        'a cut cost words, told only at the end: the utterance decoded again, whole',
      );
      [run, fallback, ended] = [again, Promise.resolve(segments), this.end(again)];
    }
  }

  /** Every decode running ends (the utterance is abandoned): their decoders go back. */
  endAll(): void {
    void this.end(this.live).catch(() => undefined);
    if (this.whole) void this.end(this.whole).catch(() => undefined);
  }

  /**
   * `run` ends: its decoder goes back to the pool once it has decoded what it was given, and the
   * slot it held under the recognition limits (a whole decode's) is given back, however it ends.
   */
  end(run: DecodeRun): Promise<string[]> {
    if (run.ending) return run.end(this.context.finishTimeoutMs);
    const ended = run.end(this.context.finishTimeoutMs);
    this.context.release(run.decoder, ended);
    if (run.release) ended.then(run.release, run.release);
    return ended;
  }

  /**
   * The live decode's cuts so far: where the first one to cost words is known (see cutVerdict),
   * the utterance is decoded again, whole, while the user goes on speaking (or, finishing, as
   * soon as the decoder has told of the speech after the cut).
   */
  private review(): void {
    const { live } = this;
    const phase = this.context.phase();
    if (phase === 'closed' || this.whole || live.unmended) return;
    // Finishing, all the audio is heard.
    const finishing = phase === 'finishing';
    const costly = firstHarmfulCut(live.cuts, false, this.judge(finishing));
    this.verdictPending = costly === 'pending';
    if (costly === null || costly === 'pending') return;
    const whole = this.decodeWhole(costly.at);
    // Its words stand: asked once, not at every word that follows.
    if (!whole) {
      live.unmended = true;
      return;
    }
    this.whole = whole;
    this.context.log.debug(
      { pid: live.decoder.pid, wholePid: whole.decoder.pid, cutAt: costly.at },
      'speech after a cut: the utterance decoded again, whole',
    );
    // It was given all the audio there is.
    if (finishing) void this.end(whole).catch(() => undefined);
  }

  private judge(complete: boolean): CutJudge {
    return {
      heard: this.context.heard ?? NOTHING_HEARD,
      segmentGapMs: this.context.segmentGapMs,
      complete,
    };
  }

  /**
   * A cut at sample `uncutAt` cost words: another decoder decodes the utterance from its start
   * (~0.15× real time, while the user goes on speaking), with no cut up to there and cut at
   * each pause after it, as the live decode is; then the rest of it as it comes. Null when it
   * cannot be: no audio kept to read it from, the utterance too long to keep, or no recognition
   * free under the limits.
   */
  private decodeWhole(uncutAt: number): DecodeRun | null {
    const { heard, admitAnother, log } = this.context;
    if (!heard) return null;
    const at = { pid: this.live.decoder.pid, audioMs: (heard.samples * 1000) / SAMPLE_RATE_HZ };
    if (heard.overflowed) {
      log.debug(at, 'too long to decode again');
      return null;
    }
    // A second decoder is a second recognition: under the limits' caps, like a speculation's.
    const release = admitAnother ? admitAnother() : () => undefined;
    if (!release) {
      log.debug(
        at,
        'speech after a cut, no recognition free to decode it again: the cut words stand',
      );
      return null;
    }
    const run = new DecodeRun(this.context.another(), uncutAt, release, this.events);
    let from = 0;
    for (const pause of this.pauses) {
      if (pause <= uncutAt) continue;
      run.write(bytesOf(heard.copy(pause, from)));
      run.cut(pause);
      from = pause;
    }
    run.write(bytesOf(heard.copy(heard.samples, from)));
    return run;
  }

  /**
   * The whole decode has read the utterance to a pause in one piece: it becomes the live one.
   * The one it replaces decodes what it has to its end and goes back to the pool.
   */
  private takeOver(whole: DecodeRun): void {
    const replaced = this.live;
    this.live = whole;
    this.whole = null;
    void this.end(replaced).catch(() => undefined);
    this.context.log.debug({ pid: whole.decoder.pid }, 'the whole decode takes over, cut');
    this.review();
  }
}

/** A copy of `samples` as bytes (little-endian hosts only, like the rest of the audio path). */
export function bytesOf(samples: Int16Array): Uint8Array {
  return new Uint8Array(
    samples.buffer.slice(samples.byteOffset, samples.byteOffset + samples.byteLength),
  );
}

/** No audio: a stream that keeps none judges its cuts on nothing (none can be mended). */
const NOTHING_HEARD: HeardAudio = { samples: 0, overflowed: true, copy: () => new Int16Array(0) };
