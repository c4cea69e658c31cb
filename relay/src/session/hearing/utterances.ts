import {
  type ReadingAlternative,
  type TranscriptPartialMessage,
  type WireAudioFrame,
} from '@parley/shared';
import { KeptSamples } from '../../audio/kept-samples.ts';
import type { RelayError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import type { TurnObserver } from '../../observability/turn-observer.ts';
import { asrBilledTo } from '../../metering/call-billing.ts';
import { asrUsage } from '../../metering/usage.ts';
import type { TurnBilling } from '../../pipeline/turn.ts';
import { PartialThrottle } from './partial-throttle.ts';
import { readSoundOverReply } from './over-reply-reading.ts';
import { PauseAnswer } from './pause-answer.ts';
import { pauseReading } from './pause-reading.ts';
import type { SessionRecognitions } from './recognition-admission.ts';
import {
  sameWords,
  startSpeculation,
  type Speculation,
  type SpeculationInput,
} from './speculation.ts';
import { KEPT_UTTERANCE_SAMPLES, Utterance } from './utterance.ts';

/**
 * What hearing asks of the turn's recorder: the usage of an utterance no turn took (cancelled,
 * or a speculation left behind) is still stored. Declared here so hearing needs no turn.
 */
export interface LooseUsageRecorder {
  /** Stores what turn `turnId` used so far, outside any turn; resolves false if it failed. */
  storeLooseUsage(turnId: number, what: string): Promise<boolean>;
  /** Tracks a write so the session's end waits for it; resolves false if it failed. */
  persist(write: Promise<unknown>, what: string): Promise<boolean>;
}

export interface UtterancesDeps {
  recognitions: SessionRecognitions;
  billing: Pick<TurnBilling, 'record'>;
  recorder: LooseUsageRecorder;
  /** What a speculative run of turn `turnId` shares with the real one. */
  turnOptions(turnId: number, log: Logger): SpeculationInput['turn'];
  /** The ASR chain's primary, for a recogniser that does not say who hears it. */
  asrId: string;
  /** Tells the observer (metrics) of frames and speculations; never throws. */
  notify(tell: (observer: TurnObserver) => void): void;
  /** Turn `turnId`'s logger (its turn and trace ids). */
  turnLog(turnId: number): Logger;
  /**
   * An interim transcript of the utterance in progress; with `pauseSeq`: the words heard up to
   * the pause at that seq (the client's end-of-turn policy decides on them).
   */
  partial(words: Omit<TranscriptPartialMessage, 'type'>): void;
  /** The recognition limits cut the utterance of `turnId` short. */
  cutShort(turnId: number, error: RelayError): void;
  /** The conversation's language (BCP 47; the user's preference, the last known). */
  language(): string | undefined;
}

/** Least time between two interim transcripts of an utterance sent to the client (ms). */
export const PARTIAL_INTERVAL_MS = 250;

/** What was sent of a pause's words: its seq, the hypothesis last sent, the closed reading. */
interface PauseWordsSent {
  seq: number;
  sent: string;
  closed: string | null;
  /** The client was told the closed reading follows: it is sent even when it says `sent`. */
  closedFollows: boolean;
  /** The answer started for the pause on its words (none: a second recogniser's). */
  answer: PauseAnswer | null;
}

/**
 * What the user is saying, at most one utterance at a time: started under the recognition
 * limits, fed its frames (duplicates dropped, gaps counted, audio beyond the user's budget cut
 * short), answered speculatively at each pause, and dropped — cancelled, replaced, cut short or
 * closed — with what its recogniser heard metered. The session decides which turn ids are new
 * and what is acknowledged.
 */
export class Utterances {
  private u: Utterance | null = null;
  /** The interim transcripts of `u`, throttled. */
  private partials: PartialThrottle | null = null;
  /** The recogniser's latest hypothesis of `u` (unthrottled). */
  private hypothesis = '';
  /**
   * The pause standing in `u` (its `lastSeq`), the running hypothesis last sent for it, and its
   * closed reading once sent.
   */
  private pauseReading: PauseWordsSent | null = null;
  /** `u` is a sound over the reply (`utterance.start`'s `overReply`). */
  private overReply = false;

  constructor(private readonly d: UtterancesDeps) {}

  /** The utterance being spoken, if any. */
  get current(): Utterance | null {
    return this.u;
  }

  /**
   * Starts turn `turnId`'s utterance at `firstSeq`; the recognition limits may refuse it. One
   * said `overReply` has its words sent as they come, and the stop phrases its recogniser
   * spots (see AsrStartOptions.onSpotted): the client decides on them whether it stops the
   * reply (issue 52).
   */
  start(turnId: number, firstSeq: number, traceId?: string, overReply = false): RelayError | null {
    if (this.u) {
      this.d.turnLog(this.u.turnId).debug('utterance replaced before it ended');
      this.abandon('replaced');
    }
    const abort = new AbortController();
    const partials = new PartialThrottle(
      (text, coversSeq) =>
        this.d.partial({ turnId, text, ...(coversSeq === undefined ? {} : { coversSeq }) }),
      overReply ? 0 : PARTIAL_INTERVAL_MS,
      undefined,
      overReply,
    );
    // The utterance's audio, kept once: its recogniser reads it back through this view.
    const audio = new KeptSamples(KEPT_UTTERANCE_SAMPLES);
    const spotted: string[] = [];
    const spot = (phrase: string) => {
      if (this.u?.turnId !== turnId || spotted.includes(phrase)) return;
      spotted.push(phrase);
      this.d.partial({ turnId, text: this.hypothesis, spotted: [...spotted] });
    };
    const started = this.d.recognitions.start(turnId, firstSeq, {
      signal: abort.signal,
      ...(overReply ? { onSpotted: spot } : {}),
      heard: audio.view(),
      onPartial: (text, closed, alternatives) => {
        if (this.u?.turnId !== turnId) return;
        this.hypothesis = text;
        partials.push(text);
        // While a pause stands, the recogniser revising its words of it (a last short word
        // often comes a frame or two late) is told at once: the client's end of turn waits on it.
        // A segment the recogniser closes during the pause is its closed reading, told once,
        // also when it came after the pause's snapshot stopped waiting for it.
        const pause = this.pauseReading;
        if (pause && closed) {
          this.sendClosed(turnId, pause, text, alternatives);
          if (text.trim() !== '') pause.answer?.reading(text.trim(), false);
        } else if (pause && !sameWords(text, pause.sent)) {
          pause.sent = text;
          this.d.partial({ turnId, text, pauseSeq: pause.seq, reading: 'hypothesis' });
        }
      },
      onCovered: (ms) => {
        const seq = this.u?.turnId === turnId ? this.u.lastSeqWithin(ms) : null;
        if (seq !== null) partials.covered(seq);
      },
      // Another recogniser's words of the latest pause: the ones its answer answers.
      onWritten: (text) => {
        if (this.u?.turnId === turnId) this.pauseReading?.answer?.written(text.trim());
      },
    });
    if (!started.ok) return started.error;
    this.u = new Utterance(turnId, audio, started.stream, abort, firstSeq, traceId);
    this.overReply = overReply;
    this.partials = partials;
    this.hypothesis = '';
    this.pauseReading = null;
    this.d.turnLog(turnId).debug('utterance started');
    return null;
  }

  /** A microphone frame; false when it is not of the utterance in progress. */
  frame(frame: WireAudioFrame): boolean {
    const u = this.u;
    if (u?.turnId !== frame.turnId) return false;
    if (u.isDuplicate(frame.seq)) {
      this.d.notify((o) => o.micFrames('duplicate', 1));
      this.d.turnLog(u.turnId).debug({ seq: frame.seq }, 'duplicate audio frame dropped');
      return true;
    }
    const overBudget = this.d.recognitions.takeFrame(u.turnId, frame.seq);
    if (overBudget) {
      this.abandon('cut short by the recognition limits');
      this.d.cutShort(u.turnId, overBudget);
      return true;
    }
    const expected = u.nextSeq;
    const undecodable = u.undecodable;
    const missing = u.accept(frame);
    if (u.undecodable > undecodable)
      this.d.turnLog(u.turnId).warn({ seq: frame.seq }, 'undecodable Opus audio heard as silence');
    this.d.notify((o) => o.micFrames('accepted', 1));
    if (missing > 0) {
      this.d.notify((o) => o.micFrames('missing', missing));
      this.d.turnLog(u.turnId).warn({ expected, got: frame.seq }, 'gap in audio frames');
    }
    return true;
  }

  /**
   * The user paused: answer speculatively from the audio so far, holding every output back. If
   * they go on talking the speculation is dropped (its cost is metered, once); if the utterance
   * ends here, it is promoted and the answer is already on its way.
   *
   * The words at the pause go to the client at once, not throttled: it may end the turn on them.
   * With a recogniser that can say its text so far (the embedded one), the answer starts at once
   * on its running hypothesis where its words look finished, before the recogniser's reading of
   * the pause (its cut, a final pass ~100–300 ms into the silence), which a complete question's
   * end of turn waits for: a hosted model's first token (~400 ms) is then on its way while the
   * user's silence is still being judged. Words that owe more wait for that reading, as the end
   * of the turn does. The answer says nothing until the reading confirms its words (or it is
   * released): its synthesis does not run beside the final pass on the same cores, and an
   * answer started again is never voiced. When the reading says other words ("… in bed is
   * tomorrow" → "… in paris tomorrow"), they go to the client and the answer starts again on
   * them, once: a second LLM request, metered like any dropped speculation. A reading that
   * settles the words (see {@link Speculation.settled}) lets the answer go out as soon as the
   * utterance ends, without waiting for the final transcript. Otherwise the speculation
   * recognises on its own (a second recogniser fed what was heard up to `lastSeq`), and its
   * words follow when they differ
   * (docs/decisions.md#speculative-answers-at-a-pause-held-until-the-turn-ends).
   *
   * A sound over the reply is no question: no answer, only its reading (readSoundOverReply).
   * A pause a resumed client replays behind the audio here is not acted on (ReplayedPauses).
   */
  pause(turnId: number, lastSeq: number): void {
    const u = this.u;
    if (u?.turnId !== turnId || !u.pauses.pause(lastSeq, u.lastSeq)) return;
    if (!u.canSpeculateAt(lastSeq)) return;
    if (this.overReply) {
      const current = () => this.u === u;
      const send = (words: Omit<TranscriptPartialMessage, 'type'>) => this.d.partial(words);
      return readSoundOverReply(u, lastSeq, send, current, this.d.turnLog(turnId));
    }
    this.dropSpeculation(u, 'a newer pause');
    const heard = this.hypothesis;
    // The reading the client's end of turn waits for, when one follows (see pauseReading).
    const read = heard === '' ? null : pauseReading(u.asr, u.msUpTo(lastSeq));
    const follows = read?.follows === true;
    if (heard !== '')
      this.d.partial({
        turnId,
        text: heard,
        pauseSeq: lastSeq,
        ...(follows ? { closedFollows: true } : {}),
      });
    const language = this.d.language();
    const answer = read
      ? new PauseAnswer({
          ...(language === undefined ? {} : { language }),
          ...(read.written === true ? { written: true } : {}),
          start: (words, how) => this.speculate(u, lastSeq, words, how),
          drop: (spec, reason) => {
            if (u.speculation === spec) u.takeSpeculation();
            this.dropped(turnId, spec, reason);
          },
        })
      : null;
    const reading: PauseWordsSent = {
      seq: lastSeq,
      sent: heard,
      closed: null,
      closedFollows: follows,
      answer,
    };
    this.pauseReading = reading;
    if (answer && read) {
      const askedAt = performance.now();
      // The recogniser is asked first: its final pass starts before the answer is set up.
      const asked = read.read();
      answer.begin(heard, follows);
      void asked.then(
        ({ text, settled = false, alternatives }) => {
          const closed = text.trim();
          this.d
            .turnLog(turnId)
            .debug(
              { settled, follows, ms: Math.round(performance.now() - askedAt) },
              closed === heard
                ? 'closed reading of a pause, as heard'
                : 'closed reading of a pause',
            );
          if (closed === '') return;
          if (this.u !== u) answer.readingAfterEnd(closed, settled);
          else if (this.pauseReading === reading) {
            // The closed reading, unless the recogniser's segment told it already.
            this.sendClosed(turnId, reading, closed, alternatives);
            answer.reading(closed, settled);
          }
        },
        // The final transcript reports a failing recogniser; the hypothesis's answer stands.
        () => undefined,
      );
      return;
    }
    const spec = this.speculate(u, lastSeq);
    void spec?.recognized.then((text) => {
      if (text !== '' && !sameWords(text, heard) && this.u === u && u.speculation === spec)
        this.d.partial({ turnId, text, pauseSeq: lastSeq, reading: 'closed' });
    });
  }

  /**
   * The closed reading of a pause, once: where it says other words than the hypothesis sent, or
   * where the client was told it follows.
   */
  private sendClosed(
    turnId: number,
    pause: PauseWordsSent,
    text: string,
    alternatives: readonly ReadingAlternative[] = [],
  ): void {
    const closed = text.trim();
    if (closed === '' || pause.closed !== null) return;
    pause.closed = closed;
    if (pause.closedFollows || !sameWords(closed, pause.sent))
      this.d.partial({
        turnId,
        text: closed,
        pauseSeq: pause.seq,
        reading: 'closed',
        ...(alternatives.length > 0 ? { alternatives: alternatives.slice(0, 8) } : {}),
      });
  }

  /**
   * Starts a speculative answer of `u` at `lastSeq`: on the words `heard`, else on its
   * recogniser's snapshot (or a second recogniser); null when none could start.
   */
  private speculate(
    u: Utterance,
    lastSeq: number,
    heard?: string,
    words: { settled?: boolean; mayChange?: boolean } = {},
  ): Speculation | null {
    const { turnId } = u;
    const log = this.d.turnLog(turnId).child({ speculation: u.speculations + 1 });
    const spec = startSpeculation({
      main: u.asr,
      audio: u.audioUpTo(lastSeq),
      startRecognizer: (signal, heard) => this.d.recognitions.startExtra(turnId, signal, heard),
      snapshotSeq: lastSeq,
      turn: this.d.turnOptions(turnId, log),
      usageSeq: 1000 * (u.speculations + 1),
      ...(heard === undefined
        ? {}
        : {
            heard,
            heardSettled: words.settled === true,
            heardMayChange: words.mayChange === true,
          }),
    });
    if (!spec) return null;
    u.speculate(spec);
    this.d.notify((o) => o.speculation('started'));
    log.debug(
      {
        snapshotSeq: lastSeq,
        onHypothesis: words.mayChange === true,
        onWords: heard !== undefined,
      },
      'speculating',
    );
    return spec;
  }

  /** Speech went on after a pause: the speculation is stale. */
  resume(turnId: number): void {
    if (this.u?.turnId !== turnId || !this.u.pauses.resume()) return;
    this.pauseReading = null;
    this.dropSpeculation(this.u, 'speech resumed');
  }

  /** The utterance of `turnId` ended: handed over for its turn (null when it is not current). */
  end(turnId: number): Utterance | null {
    const u = this.u;
    if (u?.turnId !== turnId) return null;
    this.u = null;
    this.pauseReading = null;
    u.audioEnded();
    // The final transcript follows: no interim one after it.
    this.stopPartials();
    return u;
  }

  /** Drops the utterance in progress: no turn comes of it. Returns it (null when none). */
  abandon(reason: string): Utterance | null {
    const u = this.close(reason);
    if (u) void this.d.recorder.storeLooseUsage(u.turnId, 'usage of a cancelled utterance');
    return u;
  }

  /**
   * Stops the utterance in progress and its speculation (the session is closing; its usage is
   * stored by the caller once every other write is done). The audio heard is metered.
   */
  close(reason: string): Utterance | null {
    const u = this.u;
    this.u = null;
    this.pauseReading = null;
    this.stopPartials();
    if (!u) return null;
    this.dropSpeculation(u, reason);
    // Paid for by the recogniser hearing it (if any still is).
    const to = asrBilledTo(u.asr, 'cancelled', this.d.asrId);
    if (to !== null) this.d.billing.record(u.turnId, 0, asrUsage(to, u.audioMs));
    u.stop(reason);
    return u;
  }

  /**
   * A speculation of `turnId` is dropped: its usage is metered as it winds down; whatever the
   * turn's record has not taken by then goes to the ledger on its own, so nothing is lost or
   * counted twice.
   */
  dropped(turnId: number, spec: Speculation, reason: string): void {
    spec.abort.abort(new Error(reason));
    this.d.notify((o) => o.speculation('dropped'));
    const what = 'usage of a dropped speculation';
    const store = () => this.d.recorder.storeLooseUsage(turnId, what);
    void this.d.recorder.persist(spec.done.then(store, store), what);
  }

  private stopPartials(): void {
    this.partials?.stop();
    this.partials = null;
  }

  private dropSpeculation(u: Utterance, reason: string): void {
    const spec = u.takeSpeculation();
    if (spec) this.dropped(u.turnId, spec, reason);
  }
}
