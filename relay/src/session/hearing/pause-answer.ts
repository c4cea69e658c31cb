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
  /**
   * Another recogniser writes the words answered ({@link PauseAnswer.written}): a closed reading
   * of the listener's that says other words does not start the answer again.
   */
  written?: boolean;
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
    // The writer's words are the ones answered: the listener's others wait for them.
    const answered = !this.d.written || settled;
    this.take(closed, settled, answered ? 'the closed reading differs from the hypothesis' : null);
  }

  /**
   * The writer's words of the pause (see PauseAnswerDeps.written), settled: the words the turn
   * answers if the user says no more. They confirm the answer, or start it again on them.
   */
  written(words: string): void {
    this.take(words, true, 'the written words differ from the hypothesis');
  }

  /** Confirms the answer on `words`, or starts it (again, once) on them where `again` says why. */
  private take(words: string, settled: boolean, again: string | null): void {
    const spec = this.spec;
    if (spec === null) {
      if (this.starts === 0) this.startOn(words, { settled });
      return;
    }
    if (spec.abort.signal.aborted) return;
    if (sameWords(words, this.words)) {
      spec.confirm();
      if (settled) spec.settle(words);
      return;
    }
    if (again === null || this.starts >= MAX_STARTS) return;
    this.d.drop(spec, again);
    this.startOn(words, { settled });
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
