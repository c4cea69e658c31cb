import { type TranscriptPartialMessage, type WireAudioFrame } from '@parley/shared';
import { KeptSamples } from '../audio/kept-samples.ts';
import type { RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { TurnObserver } from '../observability/turn-observer.ts';
import { asrBilledTo } from '../metering/call-billing.ts';
import { asrUsage } from '../metering/usage.ts';
import type { TurnBilling } from '../pipeline/turn.ts';
import { PartialThrottle } from './partial-throttle.ts';
import type { SessionRecognitions } from './recognition-admission.ts';
import {
  sameWords,
  startSpeculation,
  type Speculation,
  type SpeculationInput,
} from './speculation.ts';
import type { TurnRecorder } from './turn-recorder.ts';
import { KEPT_UTTERANCE_SAMPLES, Utterance } from './utterance.ts';

export interface UtterancesDeps {
  recognitions: SessionRecognitions;
  billing: Pick<TurnBilling, 'record'>;
  recorder: Pick<TurnRecorder, 'storeLooseUsage' | 'persist'>;
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

  constructor(private readonly d: UtterancesDeps) {}

  /** The utterance being spoken, if any. */
  get current(): Utterance | null {
    return this.u;
  }

  /** Starts turn `turnId`'s utterance at `firstSeq`; the recognition limits may refuse it. */
  start(turnId: number, firstSeq: number, traceId?: string): RelayError | null {
    if (this.u) {
      this.d.turnLog(this.u.turnId).debug('utterance replaced before it ended');
      this.abandon('replaced');
    }
    const abort = new AbortController();
    const partials = new PartialThrottle(
      (text) => this.d.partial({ turnId, text }),
      PARTIAL_INTERVAL_MS,
    );
    // The utterance's audio, kept once: its recogniser reads it back through this view.
    const audio = new KeptSamples(KEPT_UTTERANCE_SAMPLES);
    const started = this.d.recognitions.start(turnId, firstSeq, {
      signal: abort.signal,
      heard: audio.view(),
      onPartial: (text, closed) => {
        if (this.u?.turnId !== turnId) return;
        this.hypothesis = text;
        partials.push(text);
        // While a pause stands, the recogniser revising its words of it (a last short word
        // often comes a frame or two late) is told at once: the client's end of turn waits on it.
        // A segment the recogniser closes during the pause is its closed reading, told once,
        // also when it came after the pause's snapshot stopped waiting for it.
        const pause = this.pauseReading;
        if (pause && closed) this.sendClosed(turnId, pause, text);
        else if (pause && !sameWords(text, pause.sent)) {
          pause.sent = text;
          this.d.partial({ turnId, text, pauseSeq: pause.seq, reading: 'hypothesis' });
        }
      },
    });
    if (!started.ok) return started.error;
    this.u = new Utterance(turnId, audio, started.stream, abort, firstSeq, traceId);
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
   * A recogniser that cuts (the embedded one, with parley-sphinx) closes the words at the pause,
   * and the answer starts on that closed reading. Another that can say its text so far starts the
   * answer at once on its latest hypothesis (its own closed segment comes ~200 ms into the
   * silence, too late to start on), and again on that segment when it says other words ("what
   * time is a" → "what time is it"): a second LLM request and synthesis, metered like any dropped
   * speculation. A closed segment that settles the words (see {@link Speculation.settled}) lets
   * the answer go out as soon as the utterance ends, without waiting for the final transcript.
   * Otherwise the speculation recognises on its own (a second recogniser fed what was heard up to
   * `lastSeq`), and its words follow when they differ
   * (docs/decisions.md#speculative-answers-at-a-pause-held-until-the-turn-ends).
   */
  pause(turnId: number, lastSeq: number): void {
    const u = this.u;
    if (u?.turnId !== turnId || !u.canSpeculateAt(lastSeq)) return;
    this.dropSpeculation(u, 'a newer pause');
    const heard = this.hypothesis;
    const snapshot = u.asr.snapshot?.bind(u.asr);
    // The embedded recogniser's cut, a capability asked for by name (see AsrCut).
    const cuts =
      heard !== '' && snapshot !== undefined && u.asr.capability?.('cut')?.ready() === true;
    if (heard !== '')
      this.d.partial({
        turnId,
        text: heard,
        pauseSeq: lastSeq,
        ...(cuts ? { closedFollows: true } : {}),
      });
    const reading: PauseWordsSent = {
      seq: lastSeq,
      sent: heard,
      closed: null,
      closedFollows: cuts,
    };
    this.pauseReading = reading;
    if (cuts) {
      // The recogniser closes the words at the pause (its cut: its final pass now, ~100 ms),
      // settled: the answer starts on them, not on the running hypothesis, so no second answer
      // competes with the final pass for the cores
      // (docs/decisions.md#speculative-answers-at-a-pause-held-until-the-turn-ends).
      void snapshot().then(
        ({ text, settled = false }) => {
          const closed = text.trim();
          if (closed === '' || this.u !== u || this.pauseReading !== reading) return;
          this.sendClosed(turnId, reading, closed);
          this.speculate(u, lastSeq, closed, settled);
        },
        // The final transcript reports a failing recogniser.
        () => undefined,
      );
      return;
    }
    if (heard !== '' && snapshot) {
      const spec = this.speculate(u, lastSeq, heard);
      // The recogniser's own end of segment, ~200 ms into the silence, is its closed reading.
      const askedAt = performance.now();
      void snapshot().then(
        ({ text, settled = false }) => {
          const closed = text.trim();
          this.d
            .turnLog(turnId)
            .debug(
              { settled, ms: Math.round(performance.now() - askedAt) },
              closed === heard
                ? 'closed reading of a pause, as heard'
                : 'closed reading of a pause',
            );
          if (closed === '' || spec === null || spec.abort.signal.aborted) return;
          const current = this.u === u && u.speculation === spec;
          // The closed reading, unless the recogniser's segment told it already.
          if (current && this.pauseReading === reading) this.sendClosed(turnId, reading, closed);
          // The utterance ended meanwhile: its turn waits on this answer, which may be told
          // that the pause's settled words are other ones (the turn answers those at once).
          if (this.u !== u || sameWords(closed, heard)) {
            if (settled) spec.settle(closed);
            return;
          }
          if (!current) return;
          this.dropSpeculation(u, 'the closed segment differs from the hypothesis');
          this.speculate(u, lastSeq, closed, settled);
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
  private sendClosed(turnId: number, pause: PauseWordsSent, text: string): void {
    const closed = text.trim();
    if (closed === '' || pause.closed !== null) return;
    pause.closed = closed;
    if (pause.closedFollows || !sameWords(closed, pause.sent))
      this.d.partial({ turnId, text: closed, pauseSeq: pause.seq, reading: 'closed' });
  }

  /**
   * Starts a speculative answer of `u` at `lastSeq`: on the words `heard`, else on its
   * recogniser's snapshot (or a second recogniser); null when none could start.
   */
  private speculate(
    u: Utterance,
    lastSeq: number,
    heard?: string,
    heardSettled = false,
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
      ...(heard === undefined ? {} : { heard, heardSettled }),
    });
    if (!spec) return null;
    u.speculate(spec);
    this.d.notify((o) => o.speculation('started'));
    log.debug({ snapshotSeq: lastSeq, onHypothesis: heard !== undefined }, 'speculating');
    return spec;
  }

  /** Speech went on after a pause: the speculation is stale. */
  resume(turnId: number): void {
    if (this.u?.turnId !== turnId) return;
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
