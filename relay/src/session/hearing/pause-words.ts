import type { ReadingAlternative, TranscriptPartialMessage } from '@parley/shared';
import type { Logger } from '../../log/logger.ts';
import { PauseAnswer } from './pause-answer.ts';
import type { PauseReading } from './pause-reading.ts';
import { sameLastWord, sameWords, type Speculation } from './speculation.ts';

/** The closed reading of a pause names at most this many other readings to the client. */
const MAX_ALTERNATIVES = 8;

/**
 * Where a pause is as its readings come in: `standing`, the newest pause of the utterance in
 * progress; `passed`, speech resumed or a newer pause stands; `over`, its utterance ended (its
 * turn may still wait on the pause's answer), was dropped or replaced.
 */
export type PausePlace = 'standing' | 'passed' | 'over';

/** One pause of an utterance (`utterance.pause`), as the recogniser had heard it then. */
export interface PauseAt {
  turnId: number;
  /** The pause's `lastSeq`: the last chunk of audio before it. */
  seq: number;
  /** The recogniser's running hypothesis at the pause ('' when it has heard no words yet). */
  heard: string;
  /** How its words are read (see pauseReading); null: the recogniser cannot say them. */
  reading: PauseReading | null;
}

/** What a pause's words reach: the client, the utterance's speculation slot, the turn's log. */
export interface PauseWordsDeps {
  /** Tells the client words of the pause (a `transcript.partial`), never throttled. */
  send(words: Omit<TranscriptPartialMessage, 'type'>): void;
  /** Where the pause is now (see {@link PausePlace}). */
  place(): PausePlace;
  /**
   * Starts a speculative answer of the utterance at the pause, in its slot: on `words`, else on
   * the recogniser's snapshot or a second recogniser's reading. Null when none could start.
   */
  speculate(words?: string, how?: { settled?: boolean; mayChange?: boolean }): Speculation | null;
  /** Drops `spec` (out of the utterance's slot if it still holds it), metered as dropped. */
  drop(spec: Speculation, reason: string): void;
  /** The speculation the utterance's slot holds now (null: none stands). */
  standing(): Speculation | null;
  /** The conversation's language (BCP 47; English when absent): whose words judge the pause. */
  language: string | undefined;
  /** The turn's logger. */
  log: Logger;
}

/**
 * The reading of one pause: what the listener and the writer read of the words up to it, what
 * the client is told of them, and how they feed the pause's answer ({@link PauseAnswer}).
 *
 * The words at the pause go to the client at once, not throttled: it may end the turn on them.
 * With a recogniser that can say its text so far (the embedded one), the answer starts at once
 * on its running hypothesis where its words look finished, before the recogniser's reading of
 * the pause (its cut, a final pass into the silence), which a complete question's end of turn
 * waits for: a hosted model's first token is then on its way while the user's silence is still
 * being judged. Words that owe more wait for that reading, as the end of the turn does. The
 * answer says nothing until the reading confirms its words (or it is released): its synthesis
 * does not run beside the final pass on the same cores, and an answer started again is never
 * voiced. When the reading says other words ("… in bed is tomorrow" → "… in paris tomorrow"),
 * they go to the client and the answer starts again on them, once: a second LLM request,
 * metered like any dropped speculation. A reading that settles the words (see
 * {@link Speculation.settled}) lets the answer go out as soon as the utterance ends, without
 * waiting for the final transcript. Otherwise the speculation recognises on its own (a second
 * recogniser fed what was heard up to the pause), and its words follow when they differ
 * (docs/decisions.md#speculative-answers-at-a-pause-held-until-the-turn-ends).
 *
 * While the pause stands, the recogniser revising its words of it (a last short word often
 * comes a frame or two late) is told at once: the client's end of turn waits on it. A segment
 * the recogniser closes during the pause is its closed reading, told once, also when it comes
 * after the pause's snapshot stopped waiting for it.
 */
export class PauseWords {
  /** The running hypothesis last told for the pause. */
  private sent: string;
  /** The closed reading, once told (or found to say what was told). */
  private closed: string | null = null;
  /** The client was told the closed reading follows: it is told even when it says `sent`. */
  private readonly closedFollows: boolean;
  /** The answer started on its words (none: the speculation recognises on its own). */
  private readonly answer: PauseAnswer | null;

  constructor(
    private readonly at: PauseAt,
    private readonly d: PauseWordsDeps,
  ) {
    this.sent = at.heard;
    this.closedFollows = at.reading?.follows === true;
    this.answer = at.reading
      ? new PauseAnswer({
          ...(d.language === undefined ? {} : { language: d.language }),
          ...(at.reading.written === true ? { written: true } : {}),
          start: (words, how) => d.speculate(words, how),
          drop: (spec, reason) => d.drop(spec, reason),
        })
      : null;
  }

  /**
   * Tells the client the words at the pause and starts its answer; called once the pause
   * stands (its place says `standing`), so that the readings it asks for find it.
   */
  begin(): void {
    const { turnId, seq, heard, reading } = this.at;
    if (heard !== '')
      this.d.send({
        turnId,
        text: heard,
        pauseSeq: seq,
        ...(this.closedFollows ? { closedFollows: true } : {}),
      });
    if (this.answer && reading) this.read(this.answer, reading);
    else this.recogniseApart();
  }

  /**
   * The recogniser's words of the utterance while the pause stands: its running hypothesis,
   * told again when it says other words, or a segment it `closed`, the pause's closed reading.
   */
  heardMore(text: string, closed: boolean, alternatives?: readonly ReadingAlternative[]): void {
    if (closed) {
      this.tellClosed(text, alternatives);
      if (text.trim() !== '') this.answer?.reading(text.trim(), false);
    } else if (!sameWords(text, this.sent)) {
      this.sent = text;
      this.d.send({ turnId: this.at.turnId, text, pauseSeq: this.at.seq, reading: 'hypothesis' });
    }
  }

  /**
   * Another recogniser's words of the pause (the writer's): the ones its answer answers. Where
   * they end on the listener's hypothesis's last word they are its closed reading too: the
   * client's end of turn holds for a closed reading only because the hypothesis may lack its last
   * word, and a reading of the whole audio that ends on the same word says it does not, so the
   * listener's final pass need not be awaited (issue 61). Where the writer ends on another word
   * (it heard one more, or completed the sentence: "about" read "about it") the listener's closed
   * reading is awaited as before.
   */
  written(text: string): void {
    if (sameWords(text, this.sent) || sameLastWord(text, this.sent)) this.tellClosed(text);
    this.answer?.written(text.trim());
  }

  /** Asks the recogniser for its reading of the pause, and starts the answer beside it. */
  private read(answer: PauseAnswer, reading: PauseReading): void {
    const { heard } = this.at;
    const askedAt = performance.now();
    // The recogniser is asked first: its final pass starts before the answer is set up.
    const asked = reading.read();
    answer.begin(heard, this.closedFollows);
    void asked.then(
      ({ text, settled = false, alternatives }) => {
        const closed = text.trim();
        this.d.log.debug(
          {
            settled,
            follows: this.closedFollows,
            ms: Math.round(performance.now() - askedAt),
          },
          closed === heard ? 'closed reading of a pause, as heard' : 'closed reading of a pause',
        );
        if (closed === '') return;
        const place = this.d.place();
        if (place === 'over') answer.readingAfterEnd(closed, settled);
        else if (place === 'standing') {
          // The closed reading, unless the recogniser's segment told it already.
          this.tellClosed(closed, alternatives);
          answer.reading(closed, settled);
        }
      },
      // The final transcript reports a failing recogniser; the hypothesis's answer stands.
      () => undefined,
    );
  }

  /** No reading to wait for: the speculation recognises on its own; other words are told. */
  private recogniseApart(): void {
    const { turnId, seq, heard } = this.at;
    const spec = this.d.speculate();
    void spec?.recognized.then((text) => {
      const current = this.d.place() !== 'over' && this.d.standing() === spec;
      if (text !== '' && !sameWords(text, heard) && current)
        this.d.send({ turnId, text, pauseSeq: seq, reading: 'closed' });
    });
  }

  /**
   * The closed reading of the pause, once: where it says other words than the hypothesis told,
   * or where the client was told it follows.
   */
  private tellClosed(text: string, alternatives: readonly ReadingAlternative[] = []): void {
    const closed = text.trim();
    if (closed === '' || this.closed !== null) return;
    this.closed = closed;
    if (this.closedFollows || !sameWords(closed, this.sent))
      this.d.send({
        turnId: this.at.turnId,
        text: closed,
        pauseSeq: this.at.seq,
        reading: 'closed',
        ...(alternatives.length > 0
          ? { alternatives: alternatives.slice(0, MAX_ALTERNATIVES) }
          : {}),
      });
  }
}
