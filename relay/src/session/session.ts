import type { AudioFrame, ClientMessage, ServerMessage } from '@parley/shared';
import { describeError, RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { asrUsage } from '../metering/usage.ts';
import { SpeechEndTimes } from '../observability/speech-end-times.ts';
import type { TurnObserver } from '../observability/turn-observer.ts';
import { knownRecognition } from '../pipeline/known-recognition.ts';
import type { ChatMessage, Providers, TtsProvider } from '../providers/types.ts';
import type { Storage } from '../storage/index.ts';
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
import { TurnOutputs } from './turn-output.ts';
import { SessionPreferences, type PreferencesSource } from './turn-preferences.ts';
import { TurnRecorder } from './turn-recorder.ts';
import { Turns } from './turns.ts';
import { Utterances } from './utterances.ts';

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
  /** The user's preferences (persona, voice…), read at each turn start. Absent: none apply. */
  preferences?: PreferencesSource;
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
  /** For a past conversation the user continues: what the LLM is told, and its last turn. */
  continued?: ContinuedState;
}

/** A past conversation opened again (see `continueSession`). */
export interface ContinuedState {
  history: ChatMessage[];
  /** The conversation's last stored turn: the client's turns come after it. */
  lastTurnId: number;
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
  /** What the user is saying: its recognisers under the recognition limits. */
  private readonly recognitions: SessionRecognitions;
  private readonly utterances: Utterances;
  private readonly turns: Turns;
  /** The user's preferences, as each turn read them at its start. */
  private readonly prefs: SessionPreferences;
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
  /** Closing to be served elsewhere (a restart, a hand-over): see `leftForReplay`. */
  private movingAway = false;

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
    this.prefs = new SessionPreferences(deps.preferences, this.userId, this.log);
    this.recognitions = new SessionRecognitions(
      deps.recognitions,
      deps.providers.asr,
      this.userId,
      () => this.prefs.language(),
    );
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
    const { continued } = init;
    this.history = new ConversationHistory(
      deps.historyMessages,
      restored?.history ?? continued?.history,
    );
    if (restored) {
      this.lastTurnId = restored.state.lastTurnId;
      this.ackedSeq = restored.state.ackedSeq;
      this.replaysExpected = true;
    } else if (continued) this.lastTurnId = continued.lastTurnId;
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
      restored?.state.lastTurnId ?? continued?.lastTurnId,
    );
    this.turns = new Turns({
      sessionId: this.id,
      providers: deps.providers,
      billing: this.billing,
      history: this.history,
      recorder: this.recorder,
      out: this.out,
      speechEnds: this.speechEnds,
      outputRateHz: this.outputRateHz,
      timeZone: this.timeZone,
      preferences: (turnId) => this.prefs.of(turnId),
      log: this.log,
      now: deps.now,
      notify: (tell) => this.notify(tell),
      movingAway: () => this.movingAway,
      ackedSeq: () => this.ackedSeq,
      acknowledge: (seq) => this.acknowledge(seq),
      resumeState: (lastTurnId, ackedSeq) => this.resumeState(lastTurnId, ackedSeq),
      checkpoint: () => this.checkpoint(),
      fail: (err) => {
        if (!this.closed) this.link?.fail(err);
      },
    });
    this.utterances = new Utterances({
      recognitions: this.recognitions,
      billing: this.billing,
      recorder: this.recorder,
      turnOptions: (turnId, log) => this.turns.options(turnId, log),
      asrId: deps.providers.asr.info.id,
      notify: (tell) => this.notify(tell),
      log: this.log,
      partial: (turnId, text) => this.sendLive({ type: 'transcript.partial', turnId, text }),
      cutShort: (turnId, error) => this.out.for(turnId).error(error),
    });
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
    const replayed = this.out.replay(lastSeq, link);
    this.notify((o) => o.outputReplayed(replayed));
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
        return this.utterances.pause(message.turnId, message.lastSeq);
      case 'utterance.resume':
        return this.utterances.resume(message.turnId);
      case 'interrupt':
        return this.interrupt(message.turnId, message.playedSamples);
      case 'playback.started': {
        this.log.debug({ turnId: message.turnId }, 'playback started');
        const seconds = this.speechEnds.take(message.turnId, message.playedAtMs);
        if (seconds !== null) this.notify((o) => o.voiceToVoice(seconds));
        return;
      }
      case 'user.text':
        return this.answerTyped(message);
    }
  }

  /** Microphone audio for the utterance in progress, whose message arrived at `receivedAtMs`. */
  audio(frame: AudioFrame, receivedAtMs?: number): void {
    this.lastActivityAt = this.deps.now();
    if (!this.utterances.frame(frame)) {
      if (this.recognitions.drops(frame.turnId, frame.seq)) return;
      // A resumed client replays audio of utterances already handled: drop it quietly.
      if (this.replaysExpected && (frame.turnId <= this.lastTurnId || frame.seq <= this.ackedSeq)) {
        this.notify((o) => o.micFrames('duplicate', 1));
        return;
      }
      throw RelayError.unknownTurn(frame.turnId);
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
    const u = this.utterances.close(reason);
    this.turns.stop(reason);
    this.speechEnds.clear();
    this.release();
    await this.turns.idle();
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
    await this.turns.idle();
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
    if (
      this.isReplay(turnId) ||
      (this.replaysExpected && this.utterances.current?.turnId === turnId)
    )
      return;
    this.assertNewTurn(turnId);
    const stop = this.billing.allow(asrUsage(this.deps.providers.asr.info.id, 60_000));
    if (stop) return this.link?.fail(stop);
    // The reply being answered goes on: this may be a cough. An `interrupt` (the user really
    // spoke over it) or the end of this utterance (a new question) stops it.
    this.lastTurnId = turnId;
    this.prefs.turnStarted(turnId);
    const refused = this.utterances.start(turnId, firstSeq, traceId);
    if (refused) return this.out.for(turnId).error(refused);
    this.billing.refreshUserDay();
  }

  private cancelUtterance(turnId: number): void {
    if (this.utterances.current?.turnId !== turnId) {
      const refusedSeq = this.recognitions.cancelRefused(turnId);
      if (refusedSeq > this.ackedSeq) return this.acknowledge(refusedSeq);
      // Already gone (cancelling is idempotent); a replayed cancel still needs its ack.
      this.sendLive({ type: 'ack', seq: this.ackedSeq });
      return;
    }
    const u = this.utterances.abandon('cancelled by client');
    if (u) this.acknowledge(u.lastSeq);
    this.log.debug({ turnId }, 'utterance cancelled');
  }

  private endUtterance(turnId: number, lastSeq: number, speechEndAtMs: number): void {
    const u = this.utterances.end(turnId);
    if (!u) {
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
    this.speechEnds.record(turnId, speechEndAtMs);
    if (lastSeq !== u.lastSeq)
      this.log.warn({ turnId, lastSeq, received: u.lastSeq }, 'utterance ended with missing audio');
    this.turns.answer(turnId, u.traceId, u, u.abort, (signal, recognized, log) =>
      answerUtterance(u, signal, {
        run: (asr, audioMs) => this.turns.run(turnId, asr, audioMs, signal, log),
        output: this.out.for(turnId),
        billing: this.billing,
        asrId: this.deps.providers.asr.info.id,
        recognized,
        drop: (spec, reason) => this.utterances.dropped(turnId, spec, reason),
        promoted: () => this.notify((o) => o.speculation('promoted')),
        now: this.deps.now,
        log,
      }),
    );
  }

  /**
   * The user typed a message: a turn whose transcript is the text (no speech recognition),
   * answered as text only when they asked for no speech.
   */
  private answerTyped(message: Extract<SessionMessage, { type: 'user.text' }>): void {
    const { turnId, text, traceId } = message;
    if (this.isReplay(turnId)) return;
    this.assertNewTurn(turnId);
    this.utterances.abandon('replaced by a typed message');
    this.lastTurnId = turnId;
    this.prefs.turnStarted(turnId);
    this.billing.refreshUserDay();
    const typed = knownRecognition({ result: { text, audioMs: 0 } });
    this.turns.answer(turnId, traceId, null, new AbortController(), (signal, _recognized, log) =>
      this.turns.run(turnId, typed, 0, signal, log, message.speak === false),
    );
  }

  /**
   * The user spoke over the reply of `turnId` after hearing `playedSamples` of it: stop it and
   * keep only the words they heard — in the history the LLM sees next, and in storage.
   */
  private interrupt(turnId: number, playedSamples: number): void {
    // A reply not one sentence of which was sent yet (still thinking) was heard not at all.
    const heard =
      this.out.heard(turnId, playedSamples) ?? (this.turns.isAnswering(turnId) ? '' : null);
    if (heard === null) return;
    this.notify((o) => o.bargeIn());
    this.turns.interrupt(turnId, heard);
    this.out.emit(turnId, (seq) => ({ type: 'reply.truncated', seq, turnId, heard }));
    this.log.debug({ turnId, playedSamples, heardChars: heard.length }, 'reply interrupted');
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
