import type { TranscriptPartialMessage, WireAudioFrame } from '@parley/shared';
import { KeptSamples } from '../../audio/kept-samples.ts';
import type { RelayError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import type { TurnObserver } from '../../observability/turn-observer.ts';
import { asrBilledTo } from '../../metering/call-billing.ts';
import { asrUsage } from '../../metering/usage.ts';
import type { TurnBilling } from '../../pipeline/turn.ts';
import { PartialThrottle } from './partial-throttle.ts';
import { readSoundOverReply } from './over-reply-reading.ts';
import { pauseReading } from './pause-reading.ts';
import { PauseWords } from './pause-words.ts';
import type { SessionRecognitions } from './recognition-admission.ts';
import { startSpeculation, type Speculation, type SpeculationInput } from './speculation.ts';
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
  /** The reading of the pause standing in `u`, if one stands. */
  private standing: PauseWords | null = null;
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
        this.standing?.heardMore(text, closed, alternatives);
      },
      onCovered: (ms) => {
        const seq = this.u?.turnId === turnId ? this.u.lastSeqWithin(ms) : null;
        if (seq !== null) partials.covered(seq);
      },
      // Another recogniser's words of the latest pause: the ones its answer answers.
      onWritten: (text) => {
        if (this.u?.turnId === turnId) this.standing?.written(text);
      },
    });
    if (!started.ok) return started.error;
    this.u = new Utterance(turnId, audio, started.stream, abort, firstSeq, traceId);
    this.overReply = overReply;
    this.partials = partials;
    this.hypothesis = '';
    this.standing = null;
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
   * The user paused: answer speculatively from the audio so far, holding every output back, as
   * the pause's reading goes ({@link PauseWords}). If they go on talking the speculation is
   * dropped (its cost is metered, once); if the utterance ends here, it is promoted and the
   * answer is already on its way.
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
    // No words heard yet: nothing to wait for, the speculation reads the audio on its own.
    const reading = heard === '' ? null : pauseReading(u.asr, u.msUpTo(lastSeq));
    const pause: PauseWords = new PauseWords(
      { turnId, seq: lastSeq, heard, reading },
      {
        send: (words) => this.d.partial(words),
        place: () => (this.u !== u ? 'over' : this.standing === pause ? 'standing' : 'passed'),
        speculate: (words, how) => this.speculate(u, lastSeq, words, how),
        drop: (spec, reason) => {
          if (u.speculation === spec) u.takeSpeculation();
          this.dropped(turnId, spec, reason);
        },
        standing: () => u.speculation,
        language: this.d.language(),
        log: this.d.turnLog(turnId),
      },
    );
    this.standing = pause;
    pause.begin();
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
    this.standing = null;
    this.dropSpeculation(this.u, 'speech resumed');
  }

  /** The utterance of `turnId` ended: handed over for its turn (null when it is not current). */
  end(turnId: number): Utterance | null {
    const u = this.u;
    if (u?.turnId !== turnId) return null;
    this.u = null;
    this.standing = null;
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
    this.standing = null;
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
