import { judgeWords } from '@parley/shared';
import { sameWords, type Speculation } from './speculation.ts';

/** How a pause's answer starts and drops its speculations (the utterance's slot holds them). */
export interface PauseAnswerDeps {
  /**
   * Starts a speculative answer on `words`: `mayChange`, the running hypothesis (voiced once a
   * reading confirms it); `settled`, the recogniser's settled reading. Null when none started.
   */
  start(words: string, how: { settled?: boolean; mayChange?: boolean }): Speculation | null;
  drop(spec: Speculation, reason: string): void;
  /** The conversation's language (BCP 47; English when absent): whose words judge the pause. */
  language?: string;
}

/** Answers started for one pause at most: on its first words, and again once on others. */
const MAX_STARTS = 2;

/**
 * The answer to one pause, as the recogniser's readings of it come. It starts on the running
 * hypothesis at once where its words look finished (its request overlaps the wait for the end
 * of the turn); words that owe more ("what time is a") wait for the first closed reading, as the
 * end of the turn does. A closed reading that says the same words confirms the answer (it may be
 * voiced) and, settled, settles it; one that says other words starts it again on them, once: a
 * second request, metered as every dropped speculation is.
 */
export class PauseAnswer {
  private spec: Speculation | null = null;
  /** The words `spec` answers. */
  private words = '';
  private starts = 0;

  constructor(private readonly d: PauseAnswerDeps) {}

  /**
   * The pause was told with the running hypothesis `heard`; `readingFollows`: the recogniser
   * closes the words at the pause (its reading comes at once, and the end of the turn waits for
   * it). Without one to follow, the answer starts on the hypothesis whatever its words.
   */
  begin(heard: string, readingFollows: boolean): void {
    if (readingFollows && judgeWords(heard, this.d.language).kind !== 'complete') return;
    this.startOn(heard, { mayChange: true });
  }

  /** A closed reading of the pause, `settled` or not, while the pause stands. */
  reading(closed: string, settled: boolean): void {
    const spec = this.spec;
    if (spec === null) {
      if (this.starts === 0) this.startOn(closed, { settled });
      return;
    }
    if (spec.abort.signal.aborted) return;
    if (sameWords(closed, this.words)) {
      spec.confirm();
      if (settled) spec.settle(closed);
      return;
    }
    if (this.starts >= MAX_STARTS) return;
    this.d.drop(spec, 'the closed reading differs from the hypothesis');
    this.startOn(closed, { settled });
  }

  /**
   * A closed reading after the utterance ended: its turn waits on the answer, which may be told
   * that the pause's settled words are other ones (the turn answers those at once).
   */
  readingAfterEnd(closed: string, settled: boolean): void {
    const spec = this.spec;
    if (spec === null || spec.abort.signal.aborted) return;
    if (sameWords(closed, this.words)) spec.confirm();
    if (settled) spec.settle(closed);
  }

  private startOn(words: string, how: { settled?: boolean; mayChange?: boolean }): void {
    this.starts++;
    this.words = words;
    this.spec = this.d.start(words, how);
  }
}
