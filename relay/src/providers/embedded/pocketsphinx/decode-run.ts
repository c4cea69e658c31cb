import { BYTES_PER_SAMPLE, type ReadingAlternative } from '@parley/shared';
import type { Cut } from './cut-rule.ts';
import type { DecoderProcess } from './decoder-process.ts';
import type { DecoderUtterance } from './decoder-utterance.ts';

/** What a stream hears of a run's decoder, as it prints (see {@link DecodeRun}). */
export interface RunEvents {
  segment(run: DecodeRun, text: string): void;
  partial(run: DecodeRun, text: string): void;
  spotted(run: DecodeRun, phrase: string): void;
  cut(run: DecodeRun, cut: Cut): void;
  /** What it told so far is its reading of the utterance's first `samples` of audio. */
  covered?(run: DecodeRun, samples: number): void;
}

/**
 * One decoder's decoding of an utterance, from its start: the live one, or one that decodes it
 * again, whole — uncut before `uncutBefore`, cut at each pause after it. It keeps what its
 * decoder said — segments, and for each cut whether speech followed (what decides the cut, see
 * cutVerdict) — whatever the stream does with it meanwhile.
 */
export class DecodeRun {
  readonly segments: string[] = [];
  /**
   * Other readings of its last segment (`parley-sphinx -alternatives`, told before its text):
   * the words and how far each scored behind.
   */
  alternatives: ReadingAlternative[] = [];
  /** Those told for the segment being closed, before its text. */
  private coming: ReadingAlternative[] = [];
  readonly cuts: Cut[] = [];
  private readonly utterance: DecoderUtterance;
  /** Cuts the decoder has done. */
  private told = 0;
  /** The decoder printed a hypothesis since its last segment: speech is going on. */
  private speaking = false;
  private endPromise: Promise<string[]> | null = null;
  private over = false;
  /**
   * One of its cuts cost words and no decode can mend it (the recognition limits refused one,
   * or the audio is not kept): its words stand as they are.
   */
  unmended = false;

  /**
   * @param uncutBefore samples of the utterance it reads with no cut (0: cut at every pause)
   * @param release its slot under the recognition limits (a second decoder's), or null
   */
  constructor(
    readonly decoder: DecoderProcess,
    readonly uncutBefore: number,
    readonly release: (() => void) | null,
    events: RunEvents,
  ) {
    this.utterance = decoder.begin({
      segment: (text) => {
        this.segments.push(text);
        this.alternatives = this.coming.splice(0);
        this.speaking = false;
        this.heardSpeech();
        events.segment(this, text);
      },
      partial: (text) => {
        this.speaking = true;
        this.heardSpeech();
        events.partial(this, text);
      },
      spotted: (phrase) => events.spotted(this, phrase),
      alternative: (text, gap) => this.coming.push({ text, gap }),
      covered: (bytes) => events.covered?.(this, bytes / BYTES_PER_SAMPLE),
      cut: () => {
        const cut = this.cuts[this.told++];
        if (!cut) return;
        cut.done = true;
        cut.quiet = !this.speaking;
        events.cut(this, cut);
      },
    });
  }

  /** Its decoding has ended: all it said is told. */
  get ended(): boolean {
    return this.over;
  }

  /** Its end was asked for (see {@link end}). */
  get ending(): boolean {
    return this.endPromise !== null;
  }

  /** Speech is going on: its decoder printed a hypothesis since its last segment. */
  get inSpeech(): boolean {
    return this.speaking;
  }

  write(bytes: Uint8Array): void {
    this.utterance.write(bytes);
  }

  /** Cuts it where the audio written so far ends, sample `at` of the utterance; null if it cannot. */
  cut(at: number): Cut | null {
    if (!this.utterance.cut()) return null;
    const cut: Cut = { at, done: false, quiet: false, speechAfter: false, verdict: null };
    this.cuts.push(cut);
    return cut;
  }

  /** Its cut at `at`, if it was cut there. */
  cutAt(at: number): Cut | undefined {
    return this.cuts.find((c) => c.at === at);
  }

  /** No more audio: its segments, once its decoder has told all (see DecoderUtterance.end). */
  end(timeoutMs: number): Promise<string[]> {
    this.endPromise ??= this.utterance.end(timeoutMs).then((segments) => {
      this.over = true;
      return segments;
    });
    return this.endPromise;
  }

  /** Speech told after its last cut done: that cut's decoder went on hearing speech. */
  private heardSpeech(): void {
    const cut = this.cuts[this.told - 1];
    if (cut) cut.speechAfter = true;
  }
}
