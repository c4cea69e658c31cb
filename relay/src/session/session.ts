import type { AudioFrame, ClientMessage, ServerMessage } from '@parley/shared';
import { describeError, RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { asrBilledTo } from '../metering/call-billing.ts';
import { asrUsage } from '../metering/usage.ts';
import { SpeechEndTimes } from '../observability/speech-end-times.ts';
import type { TurnObserver } from '../observability/turn-observer.ts';
import { knownRecognition } from '../pipeline/known-recognition.ts';
import { runTurn, type TurnResult } from '../pipeline/turn.ts';
import type { AsrStream, Providers, TtsProvider } from '../providers/types.ts';
import type { Storage } from '../storage/index.ts';
import { ActiveTurn } from './active-turn.ts';
import { answerUtterance } from './answer.ts';
import type { SessionBilling } from './billing.ts';
import { sendMessage, type ClientChannel, type Urgency } from './client-channel.ts';
import { ConversationHistory } from './conversation-history.ts';
import { SessionRecognitions, type RecognitionAdmission } from './recognition-admission.ts';
import {
  hashSecret,
  newResumeSecret,
  secretMatches,
  type JournalStore,
  type RestoredState,
  type ResumeState,
} from './resume-state.ts';
import { startSpeculation, type Speculation } from './speculation.ts';
import { timedFromEnd, type TurnEnd } from './turn-end.ts';
import { leftForReplay } from './turn-fate.ts';
import { TurnOutputs } from './turn-output.ts';
import { TurnRecorder } from './turn-recorder.ts';
import { Utterance } from './utterance.ts';

/** What a session needs from the connection it is attached to. */
export interface SessionLink extends ClientChannel {
  /** Tells the client why and closes the connection (e.g. the budget ran out). */
  fail(err: RelayError): void;
  /** A newer connection resumed the session: close this one quietly. */
  replaced(): void;
}

export interface SessionDeps {
  /** The stages' provider chains, and the embedded voice for apologies when the LLM is down. */
  providers: Providers & { fallbackVoice?: TtsProvider };
  storage: Storage;
  historyMessages: number;
  log: Logger;
  now: () => number;
  /** Told of every finished turn, barge-in and voice-to-voice report (metrics, dumps). */
  observer: TurnObserver;
  /** Keeps the turn output of a session saved for a resume elsewhere. */
  journals: JournalStore;
  /** Asked before every recogniser starts (per-user and per-relay limits). */
  recognitions: RecognitionAdmission;
}

export interface SessionInit {
  id: string;
  userId: string;
  outputRateHz: number;
  timeZone: string | undefined;
  /** Frees the user's concurrent-session slot; called once when the session closes. */
  release: () => void;
  billing: (send: (m: ServerMessage) => void) => SessionBilling;
  /** For a session restored after a relay restart: what it had reached. */
  restored?: RestoredState;
}

type SessionMessage = Extract<
  ClientMessage,
  {
    type:
      | 'utterance.start'
      | 'utterance.end'
      | 'utterance.cancel'
      | 'utterance.pause'
      | 'utterance.resume'
      | 'interrupt'
      | 'playback.started'
      | 'user.text';
  }
>;

/**
 * One conversation, as a facade over its rooms: the utterance being spoken ({@link Utterance}),
 * the turn being answered ({@link ActiveTurn}), what the LLM is told ({@link ConversationHistory}),
 * the record in storage ({@link TurnRecorder}) and the numbered turn output
 * ({@link TurnOutputs}). It switches on the client's messages, attaches and detaches
 * connections, and closes. Knows nothing about sockets: it talks to a {@link SessionLink}.
 */
export class Session {
  readonly id: string;
  readonly userId: string;
  readonly resumeSecret: string;
  readonly createdAt: number;
  readonly outputRateHz: number;
  readonly timeZone: string | undefined;
  readonly log: Logger;
  /** Last audio or utterance message (epoch ms), for the idle timeout. */
  lastActivityAt: number;
  private readonly history: ConversationHistory;
  private readonly recorder: TurnRecorder;
  private readonly billing: SessionBilling;
  private readonly release: () => void;
  private utterance: Utterance | null = null;
  /** Its recognisers, under the recognition limits. */
  private readonly recognitions: SessionRecognitions;
  private readonly turn = new ActiveTurn();
  private lastTurnId = -1;
  /** Highest microphone seq durably processed (acknowledged to the client). */
  private ackedSeq = -1;
  /** Turn output: numbered, kept for resumes, mapped to the words an interrupt heard. */
  private readonly out: TurnOutputs;
  /** Client end-of-speech times of recent utterances, for voice-to-voice. */
  private readonly speechEnds = new SpeechEndTimes();
  /** After a resume, utterance messages the relay already handled may be replayed: ignore them. */
  private replaysExpected = false;
  private link: SessionLink | null;
  private closed = false;
  /** Closing to be served elsewhere (a restart, a hand-over): see {@link leftForReplay}. */
  private movingAway = false;
  /** Counters for diagnostics and tests: every microphone seq accepted exactly once? */
  readonly stats = {
    framesAccepted: 0,
    duplicateFrames: 0,
    missingFrames: 0,
    replayedMessages: 0,
    interrupts: 0,
    speculations: 0,
    speculationsDropped: 0,
    speculationsPromoted: 0,
  };

  constructor(
    link: SessionLink,
    private readonly deps: SessionDeps,
    init: SessionInit,
  ) {
    const { restored } = init;
    this.link = link;
    this.id = init.id;
    this.userId = init.userId;
    this.outputRateHz = init.outputRateHz;
    this.timeZone = init.timeZone;
    this.release = init.release;
    this.log = deps.log.child({ sessionId: this.id });
    this.recognitions = new SessionRecognitions(deps.recognitions, deps.providers.asr, this.userId);
    this.resumeSecret = restored?.secret ?? newResumeSecret();
    this.out = new TurnOutputs(
      () => (this.closed ? null : this.link),
      deps.now,
      init.outputRateHz,
      restored?.state.outSeq ?? 0,
      restored?.journal,
    );
    this.createdAt = restored?.state.createdAt ?? deps.now();
    this.lastActivityAt = deps.now();
    this.history = new ConversationHistory(deps.historyMessages, restored?.history);
    if (restored) {
      this.lastTurnId = restored.state.lastTurnId;
      this.ackedSeq = restored.state.ackedSeq;
      this.replaysExpected = true;
    }
    // The running cost is for display: it may wait to leave with other output.
    this.billing = init.billing((m) => this.sendLive(m, m.type === 'cost' ? 'soon' : 'now'));
    this.recorder = new TurnRecorder(
      {
        storage: deps.storage,
        sessionId: this.id,
        userId: this.userId,
        resumeSecret: this.resumeSecret,
        log: this.log,
        takeEntries: (turnId) => this.billing.takeEntries(turnId),
      },
      restored?.state.lastTurnId,
    );
  }

  /** Highest microphone seq durably processed. */
  get acknowledgedSeq(): number {
    return this.ackedSeq;
  }

  /** Whether a connection is attached (false during the resume grace period). */
  get attached(): boolean {
    return this.link !== null;
  }

  /** The client has handled the turn output up to `seq`: it is not kept for a resume any more. */
  outputReceived(seq: number): void {
    this.out.confirm(seq);
  }

  /** Bytes of turn output held for resumes (memory per session). */
  get journalBytes(): number {
    return this.out.journalBytes;
  }

  /** Number of messages in the conversation history. */
  get historyLength(): number {
    return this.history.length;
  }

  /** Whether `secret` is this session's resume secret (constant time). */
  checkSecret(secret: string): boolean {
    return secretMatches(secret, hashSecret(this.resumeSecret));
  }

  /**
   * Attaches a (new) connection: the previous one, if still there, is closed. `lastSeq` is the
   * highest turn output the client has; everything after it is sent again. A resumed client
   * may replay utterance messages the session already handled: from now on they are ignored.
   */
  attach(link: SessionLink, lastSeq: number, resumed: boolean): void {
    const previous = this.link;
    this.link = link;
    if (previous && previous !== link) previous.replaced();
    if (resumed) this.replaysExpected = true;
    // A restarted relay continues numbering above what the client has seen.
    this.out.seq = Math.max(this.out.seq, lastSeq + 1);
    this.stats.replayedMessages += this.out.replay(lastSeq, link);
    // What the client resumed from, it has: no later resume will ask for it.
    this.out.confirm(lastSeq);
  }

  /** Another relay serves this session now: the connection attached here (if any) is told. */
  movedAway(): void {
    const link = this.link;
    this.link = null;
    link?.replaced();
  }

  /**
   * The connection went away. Only the attached link can detach. `awaitingResume`: the session
   * now waits for its client to come back (otherwise it is about to end, and says so then).
   */
  detach(link: SessionLink, awaitingResume: boolean): boolean {
    if (this.link !== link) return false;
    this.link = null;
    if (awaitingResume)
      this.log.info(
        { journalBytes: this.out.journalBytes },
        'session detached; waiting for a resume',
      );
    return true;
  }

  /** Saves what a restarted relay needs to resume this session. */
  checkpoint(): Promise<void> {
    return this.recorder.checkpoint(this.resumeState(this.recorder.lastRecordedTurnId));
  }

  handle(message: SessionMessage): void {
    if (message.type !== 'playback.started') this.lastActivityAt = this.deps.now();
    switch (message.type) {
      case 'utterance.start':
        return this.startUtterance(message.turnId, message.firstSeq, message.traceId);
      case 'utterance.end':
        return this.endUtterance(message.turnId, message.lastSeq, message.speechEndAtMs);
      case 'utterance.cancel':
        return this.cancelUtterance(message.turnId);
      case 'utterance.pause':
        return this.speculate(message.turnId, message.lastSeq);
      case 'utterance.resume':
        if (this.utterance?.turnId === message.turnId)
          this.dropSpeculation(this.utterance, 'speech resumed');
        return;
      case 'interrupt':
        return this.interrupt(message.turnId, message.playedSamples);
      case 'playback.started': {
        this.log.debug({ turnId: message.turnId }, 'playback started');
        const seconds = this.speechEnds.take(message.turnId, message.playedAtMs);
        if (seconds !== null) this.notify((o) => o.voiceToVoice(seconds));
        return;
      }
      case 'user.text':
        return this.answerTyped(message.turnId, message.text, message.traceId);
    }
  }

  /** Microphone audio for the utterance in progress, whose message arrived at `receivedAtMs`. */
  audio(frame: AudioFrame, receivedAtMs?: number): void {
    this.lastActivityAt = this.deps.now();
    const u = this.utterance;
    if (u?.turnId !== frame.turnId) {
      if (this.recognitions.drops(frame.turnId, frame.seq)) return;
      // A resumed client replays audio of utterances already handled: drop it quietly.
      if (this.replaysExpected && (frame.turnId <= this.lastTurnId || frame.seq <= this.ackedSeq)) {
        this.stats.duplicateFrames++;
        return;
      }
      throw RelayError.unknownTurn(frame.turnId);
    }
    if (u.isDuplicate(frame.seq)) {
      this.stats.duplicateFrames++;
      this.log.debug({ turnId: u.turnId, seq: frame.seq }, 'duplicate audio frame dropped');
      return;
    }
    const overBudget = this.recognitions.takeFrame(u.turnId, frame.seq);
    if (overBudget) return this.cutShort(u, overBudget);
    const expected = u.nextSeq;
    const missing = u.accept(frame);
    this.stats.framesAccepted++;
    if (missing > 0) {
      this.stats.missingFrames += missing;
      this.log.warn({ turnId: u.turnId, expected, got: frame.seq }, 'gap in audio frames');
    }
    if (receivedAtMs !== undefined)
      this.notify((o) => o.audioRelayed((this.deps.now() - receivedAtMs) / 1000));
  }

  /**
   * Stops everything in flight, records the end in storage and frees the user's slot. The
   * session can no longer be used. Resolves when every write it started is committed. With
   * `{ resumable: true }` (relay shutdown) it saves its resume state instead of ending, so a
   * restarted relay can take it back.
   */
  async close(reason: string, options: { resumable?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.movingAway = options.resumable === true;
    const u = this.utterance;
    this.utterance = null;
    if (u) this.drop(u, reason);
    this.turn.stop(reason);
    this.speechEnds.clear();
    this.release();
    await this.turn.idle();
    this.out.close();
    await this.recorder.idle();
    if (u) await this.recorder.storeLooseUsage(u.turnId, 'usage of an unfinished utterance');
    try {
      if (options.resumable) {
        await this.checkpoint();
        await this.deps.journals.save(this.id, this.out.journalEntries());
      } else await this.deps.storage.sessions.end(this.id, reason);
    } catch (err) {
      this.log.error({ err: describeError(err) }, 'could not record the end of the session');
    }
    this.log.info(
      { reason, messages: this.history.length, costMicros: this.billing.sessionMicros },
      'session closed',
    );
  }

  /** Resolves when the turn being answered (if any) has finished and been recorded. */
  async idle(): Promise<void> {
    await this.turn.idle();
    await this.recorder.idle();
  }

  /** A resumed client replays messages of turns already handled: they are ignored. */
  private isReplay(turnId: number): boolean {
    return this.replaysExpected && turnId <= this.lastTurnId;
  }

  /** Turn ids only increase. */
  private assertNewTurn(turnId: number): void {
    if (turnId <= this.lastTurnId) throw RelayError.turnIdNotIncreasing(turnId, this.lastTurnId);
  }

  private startUtterance(turnId: number, firstSeq: number, traceId?: string): void {
    if (this.isReplay(turnId) || (this.replaysExpected && this.utterance?.turnId === turnId))
      return;
    this.assertNewTurn(turnId);
    const stop = this.billing.allow(asrUsage(this.deps.providers.asr.info.id, 60_000));
    if (stop) return this.link?.fail(stop);
    if (this.utterance) {
      this.log.debug({ turnId: this.utterance.turnId }, 'utterance replaced before it ended');
      this.abandon(this.utterance, 'replaced');
    }
    // The reply being answered goes on: this may be a cough. An `interrupt` (the user really
    // spoke over it) or the end of this utterance (a new question) stops it.
    this.lastTurnId = turnId;
    const abort = new AbortController();
    const started = this.recognitions.start(turnId, firstSeq, {
      signal: abort.signal,
      onPartial: (text) => {
        if (this.utterance?.turnId === turnId)
          this.sendLive({ type: 'transcript.partial', turnId, text });
      },
    });
    if (!started.ok) return this.out.for(turnId).error(started.error);
    this.billing.refreshUserDay();
    this.utterance = new Utterance(turnId, started.stream, abort, firstSeq, traceId);
    this.log.debug({ turnId }, 'utterance started');
  }

  /** The recognition limits stopped an utterance: abandoned, and the client told why. */
  private cutShort(u: Utterance, error: RelayError): void {
    this.utterance = null;
    this.abandon(u, 'cut short by the recognition limits');
    this.out.for(u.turnId).error(error);
  }

  private cancelUtterance(turnId: number): void {
    const u = this.utterance;
    if (u?.turnId !== turnId) {
      const refusedSeq = this.recognitions.cancelRefused(turnId);
      if (refusedSeq > this.ackedSeq) return this.acknowledge(refusedSeq);
      // Already gone (cancelling is idempotent); a replayed cancel still needs its ack.
      this.sendLive({ type: 'ack', seq: this.ackedSeq });
      return;
    }
    this.utterance = null;
    this.abandon(u, 'cancelled by client');
    this.acknowledge(u.lastSeq);
    this.log.debug({ turnId }, 'utterance cancelled');
  }

  private endUtterance(turnId: number, lastSeq: number, speechEndAtMs: number): void {
    const u = this.utterance;
    if (u?.turnId !== turnId) {
      const refused = this.recognitions.endRefused(turnId, lastSeq);
      if (refused) {
        this.out.emit(turnId, refused.done);
        return this.acknowledge(refused.ackSeq);
      }
      if (this.replaysExpected && turnId <= this.lastTurnId) {
        // Replayed end of a turn already answered (its ack was lost) or still being answered.
        if (lastSeq <= this.ackedSeq) this.sendLive({ type: 'ack', seq: this.ackedSeq });
        return;
      }
      throw RelayError.unknownTurn(turnId);
    }
    this.utterance = null;
    this.speechEnds.record(turnId, speechEndAtMs);
    if (lastSeq !== u.lastSeq)
      this.log.warn({ turnId, lastSeq, received: u.lastSeq }, 'utterance ended with missing audio');
    this.startTurn(turnId, u.traceId, u, u.abort, (signal, clock, log) =>
      answerUtterance(u, signal, {
        run: (asr, audioMs) => this.runOn(turnId, asr, audioMs, signal, log),
        output: this.out.for(turnId),
        billing: this.billing,
        asrId: this.deps.providers.asr.info.id,
        recognized: (atMs) => (clock.asrAt = atMs),
        drop: (spec, reason) => this.dropped(turnId, spec, reason),
        promoted: () => this.stats.speculationsPromoted++,
        now: this.deps.now,
        log,
      }),
    );
  }

  /** The user typed a message: a turn whose transcript is the text (no speech recognition). */
  private answerTyped(turnId: number, text: string, traceId?: string): void {
    if (this.isReplay(turnId)) return;
    this.assertNewTurn(turnId);
    if (this.utterance) {
      this.abandon(this.utterance, 'replaced by a typed message');
      this.utterance = null;
    }
    this.lastTurnId = turnId;
    this.billing.refreshUserDay();
    this.startTurn(turnId, traceId, null, new AbortController(), (signal, _clock, log) =>
      this.runOn(turnId, knownRecognition({ result: { text, audioMs: 0 } }), 0, signal, log),
    );
  }

  /**
   * Answers turn `turnId` (spoken: `u`; typed: null) under `abort`, superseding the answer still
   * being produced, then finishes it: its timings from the end of the utterance, its record,
   * its acknowledgement. Typed and spoken turns take this one path.
   */
  private startTurn(
    turnId: number,
    traceId: string | undefined,
    u: Utterance | null,
    abort: AbortController,
    answer: (signal: AbortSignal, clock: { asrAt: number }, log: Logger) => Promise<TurnResult>,
  ): void {
    // A new question supersedes an answer still being produced.
    this.turn.stop('superseded by a new question');
    const log = this.log.child({ turnId, ...(traceId ? { traceId } : {}) });
    const clock = { endAt: this.out.startClock(turnId), asrAt: 0 };
    const done = answer(abort.signal, clock, log)
      .then((r) => {
        const noted = this.out.takeClock(turnId);
        const end: TurnEnd = {
          turnId,
          lastSeq: u ? u.lastSeq : this.ackedSeq,
          traceId,
          audio: u ? u.turnAudio() : null,
          errors: noted?.errors ?? [],
        };
        return this.finishTurn(end, timedFromEnd(r, clock, noted), log);
      })
      .catch((err: unknown) => log.error({ err: describeError(err) }, 'turn crashed'))
      .finally(() => u?.audio.release());
    this.turn.start(turnId, abort, done);
  }

  /** Runs turn `turnId` on `asr` with everything every run of a turn shares. */
  private runOn(
    turnId: number,
    asr: AsrStream,
    audioMs: number,
    signal: AbortSignal,
    log: Logger,
  ): Promise<TurnResult> {
    return runTurn({
      ...this.turnOptions(turnId, log),
      asr,
      audioMs,
      output: this.out.for(turnId),
      signal,
    });
  }

  /** Options every run of a turn shares (the real one and speculative ones). */
  private turnOptions(turnId: number, log: Logger) {
    return {
      turnId,
      billing: this.billing,
      history: this.history.snapshot(),
      providers: this.deps.providers,
      ...(this.deps.providers.fallbackVoice
        ? { fallbackVoice: this.deps.providers.fallbackVoice }
        : {}),
      outputRateHz: this.outputRateHz,
      ...(this.timeZone === undefined ? {} : { timeZone: this.timeZone }),
      log,
      now: this.deps.now,
    };
  }

  /**
   * The user paused: answer speculatively from the audio so far — the recogniser's text so far
   * (or a second recogniser fed what was heard up to `lastSeq`), then the LLM and TTS — holding
   * every output back. If they go on talking the speculation is dropped (its cost is metered,
   * once); if the utterance ends here, it is promoted and the answer is already on its way.
   */
  private speculate(turnId: number, lastSeq: number): void {
    const u = this.utterance;
    if (u?.turnId !== turnId || !u.canSpeculateAt(lastSeq)) return;
    this.dropSpeculation(u, 'a newer pause');
    const log = this.log.child({ turnId, speculation: u.speculations + 1 });
    const spec = startSpeculation({
      main: u.asr,
      // A copy: the speculation's recogniser may hold on to what it is given.
      audio: () => u.audioUpTo(lastSeq),
      startRecognizer: (signal) => this.recognitions.startExtra(turnId, signal),
      snapshotSeq: lastSeq,
      turn: this.turnOptions(turnId, log),
      usageSeq: 1000 * (u.speculations + 1),
    });
    if (!spec) return;
    u.speculate(spec);
    this.stats.speculations++;
    log.debug({ snapshotSeq: lastSeq }, 'speculating');
  }

  private dropSpeculation(u: Utterance, reason: string): void {
    const spec = u.takeSpeculation();
    if (spec) this.dropped(u.turnId, spec, reason);
  }

  /**
   * A speculation is dropped: its usage is metered as it winds down; whatever the turn's record
   * has not taken by then goes to the ledger on its own, so nothing is lost or counted twice.
   */
  private dropped(turnId: number, spec: Speculation, reason: string): void {
    spec.abort.abort(new Error(reason));
    this.stats.speculationsDropped++;
    const what = 'usage of a dropped speculation';
    const store = () => this.recorder.storeLooseUsage(turnId, what);
    void this.recorder.persist(spec.done.then(store, store), what);
  }

  /** Drops an utterance (no turn comes of it), metering what it cost. */
  private abandon(u: Utterance, reason: string): void {
    this.drop(u, reason);
    void this.recorder.storeLooseUsage(u.turnId, 'usage of a cancelled utterance');
  }

  /** Stops an utterance and its speculation; the audio its recogniser heard is metered. */
  private drop(u: Utterance, reason: string): void {
    this.dropSpeculation(u, reason);
    // Paid for by the recogniser hearing it (if any still is).
    const to = asrBilledTo(u.asr, 'cancelled', this.deps.providers.asr.info.id);
    if (to !== null) this.billing.record(u.turnId, 0, asrUsage(to, u.audioMs));
    u.stop(reason);
  }

  /**
   * The user spoke over the reply of `turnId` after hearing `playedSamples` of it: stop it and
   * keep only the words they heard — in the history the LLM sees next, and in storage.
   */
  private interrupt(turnId: number, playedSamples: number): void {
    const heard = this.out.heard(turnId, playedSamples);
    if (heard === null) return;
    this.stats.interrupts++;
    this.notify((o) => o.bargeIn());
    // A turn whose result is taken (maybe still being stored) has its record changed; a turn
    // still running keeps what was heard for its result.
    if (this.history.truncate(turnId, heard)) this.recorder.truncate(turnId, heard);
    else this.turn.interrupt(turnId, heard);
    this.out.emit(turnId, (seq) => ({ type: 'reply.truncated', seq, turnId, heard }));
    this.log.debug({ turnId, playedSamples, heardChars: heard.length }, 'reply interrupted');
  }

  private async finishTurn(end: TurnEnd, result: TurnResult, log: Logger): Promise<void> {
    const { turnId, lastSeq, traceId } = end;
    const heard = this.turn.takeHeard(turnId);
    const turn = { spoken: end.audio !== null, status: result.status };
    if (leftForReplay(turn, { movingAway: this.movingAway })) {
      log.info('turn cut short by the move: left for the client to replay');
      await this.recorder.storeLooseUsage(turnId, 'usage of a turn left for replay');
      return;
    }
    // An interrupted reply counts as what the user heard of it.
    const r = heard === undefined ? result : { ...result, reply: heard };
    this.history.add({ turnId, transcript: r.transcript, reply: r.reply, status: r.status });
    log.info({ status: r.status, timings: r.timings, audioSamples: r.audioSamples }, 'turn done');
    const doneAtMs = this.deps.now();
    // Nothing will play: no playback.started to pair the end of speech with.
    if (r.audioSamples === 0) this.speechEnds.forget(turnId);
    this.notify((o) =>
      o.turnFinished({
        sessionId: this.id,
        turnId,
        ...(traceId ? { traceId } : {}),
        input: end.audio ? 'spoken' : 'typed',
        result: r,
        errors: end.errors,
        audio: end.audio,
        doneAtMs,
      }),
    );
    this.out.done(turnId, r, doneAtMs, traceId);
    const stored = await this.recorder.record(turnId, r, (lastTurnId) =>
      this.resumeState(lastTurnId, Math.max(this.ackedSeq, lastSeq)),
    );
    if (stored) {
      // The utterance is in storage: the client may forget its audio. (A cancelled turn is
      // acknowledged too: its audio was heard, and replaying it would only repeat it.)
      this.acknowledge(lastSeq);
      // Nothing was heard: no turn row carried the resume state.
      if (r.transcript === '') await this.checkpoint();
    }
    if (r.budgetStop && !this.closed) this.link?.fail(r.budgetStop);
  }

  /** Everything up to `seq` is durably handled: tell the client it may forget it. */
  private acknowledge(seq: number): void {
    if (seq <= this.ackedSeq) return;
    this.ackedSeq = seq;
    // The client only lets go of audio it kept for a resend: no hurry.
    this.sendLive({ type: 'ack', seq }, 'soon');
  }

  /** What a restarted relay needs to resume this session, once turn `lastTurnId` is stored. */
  private resumeState(lastTurnId: number, ackedSeq = this.ackedSeq): ResumeState {
    return {
      v: 1,
      outputRateHz: this.outputRateHz,
      timeZone: this.timeZone ?? null,
      createdAt: this.createdAt,
      lastTurnId,
      ackedSeq,
      outSeq: this.out.seq,
    };
  }

  /** Tells the observer; a failing observer is logged, never allowed to break the session. */
  private notify(tell: (observer: TurnObserver) => void): void {
    try {
      tell(this.deps.observer);
    } catch (err) {
      this.log.warn({ err: describeError(err) }, 'turn observer failed');
    }
  }

  /** Sends a message that only matters now (not kept for resumes). */
  private sendLive(message: ServerMessage, urgency: Urgency = 'now'): void {
    if (!this.closed && this.link) sendMessage(this.link, message, urgency);
  }
}
