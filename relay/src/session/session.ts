import {
  CHUNK_MS,
  CHUNK_SAMPLES,
  type AudioFrame,
  type ClientMessage,
  type ServerMessage,
} from '@parley/shared';
import { KeptSamples } from '../audio/kept-samples.ts';
import { describeError, RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { asrBilledTo } from '../metering/call-billing.ts';
import { asrUsage } from '../metering/usage.ts';
import { SpeechEndTimes } from '../observability/speech-end-times.ts';
import type { TurnAudio, TurnErrorNote, TurnObserver } from '../observability/turn-observer.ts';
import { runTurn, type TurnResult } from '../pipeline/turn.ts';
import type { AsrStream, ChatMessage, Providers, TtsProvider } from '../providers/types.ts';
import type { Storage } from '../storage/index.ts';
import type { SessionBilling } from './billing.ts';
import {
  hashSecret,
  newResumeSecret,
  secretMatches,
  type ResumeState,
  type JournalStore,
  type RestoredState,
} from './resume-state.ts';
import { SessionRecognitions, type RecognitionAdmission } from './recognition-admission.ts';
import { leftForReplay } from './turn-fate.ts';
import { TurnOutputs } from './turn-output.ts';
import { sameWords, startSpeculation, type Speculation } from './speculation.ts';

/** What a session needs from the connection it is attached to. */
export interface SessionLink {
  /** `lazy`: see {@link SessionLink.sendText}. */
  sendJson(message: ServerMessage, lazy?: boolean): void;
  /**
   * An already encoded JSON message (turn output, journal replays). `lazy`: the client will not
   * need it for a while (reply output well ahead of playback), so it may wait a little to leave
   * with later output in one write.
   */
  sendText(text: string, lazy?: boolean): void;
  sendBinary(bytes: Uint8Array<ArrayBuffer>, lazy?: boolean): void;
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

interface Utterance {
  turnId: number;
  asr: AsrStream;
  abort: AbortController;
  firstSeq: number;
  nextSeq: number;
  frames: number;
  /** Sequence numbers that never arrived (gaps), for diagnostics. */
  missing: number;
  /**
   * The audio so far (bounded), to feed a speculative recogniser at a pause and for the dump of
   * a failed turn. Released when the utterance is abandoned or its turn has finished.
   */
  audio: KeptSamples;
  /** An answer started at a pause, held back until the user really stops. */
  speculation: Speculation | null;
  /** Speculations started for this utterance (each is metered under its own usage seq). */
  speculations: number;
  /** The client's trace id for this turn, for logs and the timeline. */
  traceId?: string;
}

/** Audio kept per utterance for speculation: 60 s (longer utterances are not speculated). */
const MAX_SPECULATION_SAMPLES = 600 * CHUNK_SAMPLES;

/** How a turn ended, besides its result: for its record, its acknowledgement and observers. */
interface TurnEnd {
  turnId: number;
  /** Highest microphone seq the turn covers (acknowledged once it is stored). */
  lastSeq: number;
  traceId: string | undefined;
  /** Null for typed turns. */
  audio: TurnAudio | null;
  errors: readonly TurnErrorNote[];
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

const round1 = (x: number) => Math.round(x * 10) / 10;
const isAborted = (signal: AbortSignal) => signal.aborted;

/**
 * One conversation: its history, the utterance being spoken, the turn being answered, its
 * money and its record in storage. Knows nothing about sockets: it talks to a
 * {@link SessionLink}.
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
  private readonly history: ChatMessage[] = [];
  private readonly billing: SessionBilling;
  private readonly release: () => void;
  private utterance: Utterance | null = null;
  /** Its recognisers, under the recognition limits. */
  private readonly recognitions: SessionRecognitions;
  private activeTurn: { turnId: number; abort: AbortController; done: Promise<void> } | null = null;
  private lastTurnId = -1;
  /** Last turn whose result is in storage (what a restarted relay has seen). */
  private lastRecordedTurnId = -1;
  /** Highest microphone seq durably processed (acknowledged to the client). */
  private ackedSeq = -1;
  /** Turn output: numbered, kept for resumes, mapped to the words an interrupt heard. */
  private readonly out: TurnOutputs;
  /** What the user heard of interrupted turns still finishing. */
  private readonly heardOf = new Map<number, string>();
  /** Client end-of-speech times of recent utterances, for voice-to-voice. */
  private readonly speechEnds = new SpeechEndTimes();
  /** The turn whose reply is the last assistant message in the history. */
  private lastAnsweredTurn = -1;
  /**
   * The write of that turn's record: a truncation waits for it (the record may wait for its
   * group commit while the update would run at once, and then find no row to update).
   */
  private lastAnsweredRecord: Promise<unknown> = Promise.resolve();
  /** After a resume, utterance messages the relay already handled may be replayed: ignore them. */
  private replaysExpected = false;
  private link: SessionLink | null;
  private closed = false;
  /** Closing to be served elsewhere (a restart, a hand-over): see {@link leftForReplay}. */
  private movingAway = false;
  private readonly pendingWrites = new Set<Promise<unknown>>();
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
    this.link = link;
    this.id = init.id;
    this.userId = init.userId;
    this.outputRateHz = init.outputRateHz;
    this.timeZone = init.timeZone;
    this.release = init.release;
    this.recognitions = new SessionRecognitions(deps.recognitions, deps.providers.asr, this.userId);
    this.resumeSecret = init.restored?.secret ?? newResumeSecret();
    this.out = new TurnOutputs(
      () => (this.closed ? null : this.link),
      deps.now,
      init.outputRateHz,
      init.restored?.state.outSeq ?? 0,
      init.restored?.journal,
    );
    this.createdAt = init.restored?.state.createdAt ?? deps.now();
    this.lastActivityAt = deps.now();
    if (init.restored) {
      this.history.push(...init.restored.history);
      this.lastTurnId = init.restored.state.lastTurnId;
      this.lastRecordedTurnId = init.restored.state.lastTurnId;
      this.ackedSeq = init.restored.state.ackedSeq;
      this.replaysExpected = true;
    }
    this.log = deps.log.child({ sessionId: this.id });
    // The running cost is for display: it may wait to leave with other output.
    this.billing = init.billing((m) => this.sendLive(m, m.type === 'cost'));
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
  async checkpoint(): Promise<void> {
    await this.persist(
      this.deps.storage.sessions.saveResume(
        this.id,
        hashSecret(this.resumeSecret),
        this.resumeState(this.lastRecordedTurnId, this.ackedSeq),
      ),
      'resume state',
    );
  }

  /** What a restarted relay needs to resume this session, once turn `lastTurnId` is stored. */
  private resumeState(lastTurnId: number, ackedSeq: number): ResumeState {
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

  /** Number of messages in the conversation history. */
  get historyLength(): number {
    return this.history.length;
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

  /** The user typed a message: a turn whose transcript is the text (no speech recognition). */
  private answerTyped(turnId: number, text: string, traceId?: string): void {
    if (this.replaysExpected && turnId <= this.lastTurnId) return;
    if (turnId <= this.lastTurnId)
      throw new RelayError(
        'unknown-turn',
        `Turn ids must increase: ${turnId} follows ${this.lastTurnId}.`,
        { turnId },
      );
    if (this.utterance) {
      this.abandon(this.utterance, 'replaced by a typed message');
      this.utterance = null;
    }
    this.lastTurnId = turnId;
    this.billing.refreshUserDay();
    this.activeTurn?.abort.abort(new Error('superseded by a new question'));
    const log = this.log.child({ turnId, ...(traceId ? { traceId } : {}) });
    const abort = new AbortController();
    const typed: AsrStream = {
      write: () => undefined,
      abort: () => undefined,
      finish: () => Promise.resolve({ text, audioMs: 0 }),
    };
    const endAt = this.out.startClock(turnId);
    const done = runTurn({
      ...this.turnOptions(turnId, log),
      asr: typed,
      audioMs: 0,
      output: this.out.for(turnId),
      signal: abort.signal,
    })
      .then((r) => {
        const clock = this.out.takeClock(turnId);
        const firstAudioSentAtMs = clock?.firstAudioAt;
        const marks = {
          ...r.marks,
          endReceivedAtMs: endAt,
          ...(firstAudioSentAtMs === undefined ? {} : { firstAudioSentAtMs }),
        };
        const end = { turnId, lastSeq: this.ackedSeq, traceId, audio: null };
        return this.finishTurn({ ...end, errors: clock?.errors ?? [] }, { ...r, marks }, log);
      })
      .catch((err: unknown) => log.error({ err: describeError(err) }, 'turn crashed'))
      .finally(() => {
        if (this.activeTurn?.turnId === turnId) this.activeTurn = null;
      });
    this.activeTurn = { turnId, abort, done };
  }

  /** Microphone audio for the utterance in progress, whose message arrived at `receivedAtMs`. */
  audio(frame: AudioFrame, receivedAtMs?: number): void {
    this.lastActivityAt = this.deps.now();
    const u = this.utterance;
    if (!u || frame.turnId !== u.turnId) {
      if (this.recognitions.drops(frame.turnId, frame.seq)) return;
      // A resumed client replays audio of utterances already handled: drop it quietly.
      if (this.replaysExpected && (frame.turnId <= this.lastTurnId || frame.seq <= this.ackedSeq)) {
        this.stats.duplicateFrames++;
        return;
      }
      throw RelayError.unknownTurn(frame.turnId);
    }
    if (frame.seq < u.nextSeq) {
      this.stats.duplicateFrames++;
      this.log.debug({ turnId: u.turnId, seq: frame.seq }, 'duplicate audio frame dropped');
      return;
    }
    const overBudget = this.recognitions.takeFrame(u.turnId, frame.seq);
    if (overBudget) return this.cutShort(u, overBudget);
    if (frame.seq > u.nextSeq) {
      u.missing += frame.seq - u.nextSeq;
      this.stats.missingFrames += frame.seq - u.nextSeq;
      this.log.warn(
        { turnId: u.turnId, expected: u.nextSeq, got: frame.seq },
        'gap in audio frames',
      );
    }
    u.nextSeq = frame.seq + 1;
    u.frames++;
    u.audio.append(frame.samples);
    this.stats.framesAccepted++;
    u.asr.write(frame.samples);
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
    if (u) {
      this.dropSpeculation(u, reason);
      this.meterAbandoned(u);
      u.abort.abort(new Error(reason));
      u.audio.release();
    }
    this.activeTurn?.abort.abort(new Error(reason));
    this.speechEnds.clear();
    this.release();
    await this.activeTurn?.done;
    this.out.close();
    await Promise.allSettled(this.pendingWrites);
    try {
      if (u) await this.storeLooseUsage(u.turnId);
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
    await this.activeTurn?.done;
    await Promise.allSettled(this.pendingWrites);
  }

  private startUtterance(turnId: number, firstSeq: number, traceId?: string): void {
    if (this.replaysExpected && (this.utterance?.turnId === turnId || turnId <= this.lastTurnId))
      return;
    if (turnId <= this.lastTurnId)
      throw new RelayError(
        'unknown-turn',
        `Turn ids must increase: ${turnId} follows ${this.lastTurnId}.`,
        { turnId },
      );
    const stop = this.billing.allow(asrUsage(this.deps.providers.asr.info.id, 60_000));
    if (stop) {
      this.link?.fail(stop);
      return;
    }
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
    const asr = started.stream;
    this.billing.refreshUserDay();
    this.utterance = {
      turnId,
      asr,
      abort,
      firstSeq,
      nextSeq: firstSeq,
      frames: 0,
      missing: 0,
      audio: new KeptSamples(MAX_SPECULATION_SAMPLES),
      speculation: null,
      speculations: 0,
      ...(traceId ? { traceId } : {}),
    };
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
    this.acknowledge(u.nextSeq - 1);
    this.log.debug({ turnId }, 'utterance cancelled');
  }

  /** Everything up to `seq` is durably handled: tell the client it may forget it. */
  private acknowledge(seq: number): void {
    if (seq <= this.ackedSeq) return;
    this.ackedSeq = seq;
    // The client only lets go of audio it kept for a resend: no hurry.
    this.sendLive({ type: 'ack', seq }, true);
  }

  /** Drops an utterance, metering the audio the recogniser already received. */
  private abandon(u: Utterance, reason: string): void {
    this.dropSpeculation(u, reason);
    this.meterAbandoned(u);
    u.abort.abort(new Error(reason));
    u.audio.release();
    void this.persist(this.storeLooseUsage(u.turnId), 'usage of a cancelled utterance');
  }

  /** Audio already sent to a recogniser was paid for: by the one hearing it (if any still is). */
  private meterAbandoned(u: Utterance): void {
    const to = asrBilledTo(u.asr, 'cancelled', this.deps.providers.asr.info.id);
    if (to !== null) this.billing.record(u.turnId, 0, asrUsage(to, u.frames * CHUNK_MS));
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
    if (lastSeq + 1 !== u.nextSeq)
      this.log.warn(
        { turnId, lastSeq, received: u.nextSeq - 1 },
        'utterance ended with missing audio',
      );
    // A new question supersedes an answer still being produced.
    this.activeTurn?.abort.abort(new Error('superseded by a new question'));
    const log = this.log.child({ turnId, ...(u.traceId ? { traceId: u.traceId } : {}) });
    // The turn goes on under the utterance's controller: stopping the turn stops its recogniser
    // too, and nothing else can abort an utterance that has ended (one controller less a turn).
    const abort = u.abort;
    const clock = { endAt: this.out.startClock(turnId), asrAt: 0 };
    const done = this.answer(u, abort.signal, clock, log)
      .then((r) => {
        const turnClock = this.out.takeClock(turnId);
        const firstAudioAt = turnClock?.firstAudioAt;
        const timings = { ...r.timings };
        if (clock.asrAt > 0) timings.asrFinalMs = round1(clock.asrAt - clock.endAt);
        if (firstAudioAt !== undefined)
          timings.relayFirstAudioMs = round1(firstAudioAt - clock.endAt);
        const marks = {
          ...r.marks,
          endReceivedAtMs: clock.endAt,
          ...(clock.asrAt > 0 ? { asrFinalAtMs: clock.asrAt } : {}),
          ...(firstAudioAt === undefined ? {} : { firstAudioSentAtMs: firstAudioAt }),
        };
        const end: TurnEnd = {
          turnId,
          lastSeq: u.nextSeq - 1,
          traceId: u.traceId,
          // The audio kept for speculation (bounded), held until the turn ends.
          audio: turnAudio(u),
          errors: turnClock?.errors ?? [],
        };
        return this.finishTurn(end, { ...r, timings, marks }, log);
      })
      .catch((err: unknown) => log.error({ err: describeError(err) }, 'turn crashed'))
      .finally(() => {
        u.audio.release();
        if (this.activeTurn?.turnId === turnId) this.activeTurn = null;
      });
    this.activeTurn = { turnId, abort, done };
  }

  /**
   * Produces the answer to an ended utterance. Without a speculation, a normal turn on the main
   * recogniser. With one, the main recogniser's final text decides: the same words as the
   * speculation heard → the held answer is released (it is already on its way); different →
   * the speculation is dropped and the turn runs on the final text.
   */
  private async answer(
    u: Utterance,
    signal: AbortSignal,
    clock: { endAt: number; asrAt: number },
    log: Logger,
  ): Promise<TurnResult> {
    const spec = u.speculation;
    u.speculation = null;
    const output = this.out.for(u.turnId);
    const audioMs = u.frames * CHUNK_MS;
    if (!spec || spec.abort.signal.aborted) {
      return runTurn({ ...this.turnOptions(u.turnId, log), asr: u.asr, audioMs, output, signal });
    }
    signal.addEventListener('abort', () => spec.abort.abort(signal.reason), { once: true });
    const recognized = await u.asr.finish().then(
      (r) => ({ ok: true as const, text: r.text.trim(), result: r }),
      (err: unknown) => ({ ok: false as const, err }),
    );
    if (recognized.ok) clock.asrAt = this.deps.now();
    // The audio is paid for, whatever the recogniser made of it, to the provider that served
    // (metered first: a later record of the same call is not counted again); nothing when every
    // provider failed.
    const outcome = recognized.ok ? 'done' : signal.aborted ? 'cancelled' : 'failed';
    const ok = recognized.ok ? recognized.result : undefined;
    const to = asrBilledTo(u.asr, outcome, this.deps.providers.asr.info.id, ok);
    if (to !== null) this.billing.record(u.turnId, 0, asrUsage(to, audioMs));
    if (!recognized.ok) {
      spec.abort.abort(recognized.err);
      // The turn fails (or is cancelled) as an unspeculated one would: the client is told and
      // gets its turn.done.
      const failed: AsrStream = {
        write: () => undefined,
        abort: () => undefined,
        finish: () => Promise.reject(recognized.err),
      };
      return runTurn({
        ...this.turnOptions(u.turnId, log),
        asr: failed,
        audioMs: 0,
        output,
        signal,
      });
    }
    const final = recognized.text;
    // (Read through a call: the speculation may have been dropped while we awaited.)
    if (sameWords(await spec.recognized, final) && !isAborted(spec.abort.signal)) {
      log.debug({ snapshotSeq: spec.snapshotSeq }, 'speculative answer promoted');
      this.stats.speculationsPromoted++;
      spec.held.release(output);
      return spec.done;
    }
    u.speculation = spec;
    this.dropSpeculation(u, 'the final transcript differs');
    const known: AsrStream = {
      write: () => undefined,
      abort: () => undefined,
      finish: () => Promise.resolve({ ...recognized.result, text: final }),
    };
    return runTurn({ ...this.turnOptions(u.turnId, log), asr: known, audioMs: 0, output, signal });
  }

  /** Options every run of a turn shares (the real one and speculative ones). */
  private turnOptions(turnId: number, log: Logger) {
    return {
      turnId,
      billing: this.billing,
      history: this.history.slice(),
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
   * The user paused: answer speculatively from the audio so far — a second recogniser fed what
   * was heard up to `lastSeq`, then the LLM and TTS — holding every output back. If they go on
   * talking the speculation is dropped (its cost is metered, once); if the utterance ends
   * here, it is promoted and the answer is already on its way.
   */
  private speculate(turnId: number, lastSeq: number): void {
    const u = this.utterance;
    if (u?.turnId !== turnId || u.audio.overflowed) return;
    if (u.speculation?.snapshotSeq === lastSeq && !u.speculation.abort.signal.aborted) return;
    this.dropSpeculation(u, 'a newer pause');
    u.speculations++;
    const log = this.log.child({ turnId, speculation: u.speculations });
    const frames = Math.min(u.audio.frames, lastSeq - u.firstSeq + 1);
    u.speculation = startSpeculation({
      main: u.asr,
      // A copy: the speculation's recogniser may hold on to what it is given.
      audio: () => u.audio.copy(frames * CHUNK_SAMPLES),
      startRecognizer: (signal) => this.recognitions.startExtra(turnId, signal),
      snapshotSeq: lastSeq,
      turn: this.turnOptions(turnId, log),
      usageSeq: 1000 * u.speculations,
    });
    if (!u.speculation) return;
    this.stats.speculations++;
    log.debug({ snapshotSeq: lastSeq, frames }, 'speculating');
  }

  private dropSpeculation(u: Utterance, reason: string): void {
    const spec = u.speculation;
    u.speculation = null;
    if (!spec || spec.abort.signal.aborted) return;
    spec.abort.abort(new Error(reason));
    this.stats.speculationsDropped++;
    // Its usage is metered as it winds down; whatever the turn's record has not taken by then
    // goes to the ledger on its own, so nothing is lost or counted twice.
    void this.persist(
      spec.done.then(
        () => this.storeLooseUsage(u.turnId),
        () => this.storeLooseUsage(u.turnId),
      ),
      'usage of a dropped speculation',
    );
  }

  /** Ledger entries of a turn not stored with a turn record (cancelled or speculative work). */
  private storeLooseUsage(turnId: number): Promise<void> {
    const entries = this.billing.takeEntries(turnId);
    if (entries.length === 0) return Promise.resolve();
    return this.deps.storage.usage.append(
      entries.map((e) => ({ ...e, userId: this.userId, sessionId: this.id, turnId })),
    );
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
    if (this.lastAnsweredTurn === turnId) {
      // Its result is taken (maybe still being stored, its turn not yet over): change the record.
      const last = this.history.at(-1);
      if (last?.role === 'assistant') last.content = heard;
      void this.persist(
        this.lastAnsweredRecord.then(() =>
          this.deps.storage.turns.updateAssistantText(this.id, turnId, heard),
        ),
        'truncated reply',
      );
    } else if (this.activeTurn?.turnId === turnId) {
      this.heardOf.set(turnId, heard);
      this.activeTurn.abort.abort(new Error('interrupted'));
    }
    this.out.emit(turnId, (seq) => ({ type: 'reply.truncated', seq, turnId, heard }));
    this.log.debug({ turnId, playedSamples, heardChars: heard.length }, 'reply interrupted');
  }

  private async finishTurn(end: TurnEnd, result: TurnResult, log: Logger): Promise<void> {
    const { turnId, lastSeq, traceId } = end;
    const turn = { spoken: end.audio !== null, status: result.status };
    if (leftForReplay(turn, { movingAway: this.movingAway })) {
      this.heardOf.delete(turnId);
      log.info('turn cut short by the move: left for the client to replay');
      await this.persist(this.storeLooseUsage(turnId), 'usage of a turn left for replay');
      return;
    }
    // An interrupted reply counts as what the user heard of it.
    const heard = this.heardOf.get(turnId);
    this.heardOf.delete(turnId);
    const r = heard === undefined ? result : { ...result, reply: heard };
    if (r.reply) this.lastAnsweredTurn = turnId;
    if (r.transcript && r.status !== 'failed') {
      this.history.push({ role: 'user', content: r.transcript });
      if (r.reply) this.history.push({ role: 'assistant', content: r.reply });
      if (this.history.length > this.deps.historyMessages)
        this.history.splice(0, this.history.length - this.deps.historyMessages);
    }
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
    this.out.emit(turnId, (seq) => ({
      type: 'turn.done',
      seq,
      turnId,
      status: r.status,
      reply: r.reply,
      audioSamples: r.audioSamples,
      timings: r.timings,
      marks: { ...r.marks, doneAtMs },
      servedBy: r.servedBy,
      ...(traceId ? { traceId } : {}),
    }));
    const entries = this.billing.takeEntries(turnId);
    // Nothing was heard: no turn row, only its usage (and the checkpoint apart, below).
    const unheard = r.transcript === '';
    const write = unheard
      ? entries.length > 0
        ? this.deps.storage.usage.append(
            entries.map((e) => ({ ...e, userId: this.userId, sessionId: this.id, turnId })),
          )
        : Promise.resolve()
      : this.deps.storage.turns.record(
          {
            sessionId: this.id,
            turnId,
            userText: r.transcript,
            assistantText: r.reply,
            status: r.status,
            timings: r.timings,
            // Only the stages a provider served (a typed turn has no ASR).
            providers: { ...r.servedBy },
          },
          entries,
          // The checkpoint rides in the turn's own transaction: one commit per turn.
          {
            resumeState: this.resumeState(
              Math.max(this.lastRecordedTurnId, turnId),
              Math.max(this.ackedSeq, lastSeq),
            ),
          },
        );
    if (r.reply) this.lastAnsweredRecord = write.catch(() => undefined);
    if (await this.persist(write, 'turn')) {
      this.lastRecordedTurnId = Math.max(this.lastRecordedTurnId, turnId);
      // The utterance is in storage: the client may forget its audio. (A cancelled turn is
      // acknowledged too: its audio was heard, and replaying it would only repeat it.)
      this.acknowledge(lastSeq);
      if (unheard) await this.checkpoint();
    }
    if (r.budgetStop && !this.closed) this.link?.fail(r.budgetStop);
  }

  /** Tells the observer; a failing observer is logged, never allowed to break the session. */
  private notify(tell: (observer: TurnObserver) => void): void {
    try {
      tell(this.deps.observer);
    } catch (err) {
      this.log.warn({ err: describeError(err) }, 'turn observer failed');
    }
  }

  /** Tracks a storage write so `close` waits for it; logs (never throws) on failure. */
  private persist(write: Promise<unknown>, what: string): Promise<boolean> {
    const tracked = write.then(
      () => true,
      (err: unknown) => {
        this.log.error({ err: describeError(err) }, `could not store the ${what}`);
        return false;
      },
    );
    this.pendingWrites.add(tracked);
    void tracked.finally(() => this.pendingWrites.delete(tracked));
    return tracked;
  }

  /**
   * Sends a message that only matters now (not kept for resumes). `lazy`: see
   * {@link SessionLink.sendText}.
   */
  private sendLive(message: ServerMessage, lazy = false): void {
    if (!this.closed) this.link?.sendJson(message, lazy);
  }
}

/** What observers may read of a turn's utterance: copies, during `turnFinished` only. */
function turnAudio(u: Utterance): TurnAudio {
  const { audio } = u;
  return { copy: () => audio.copy(), keptFrames: audio.frames, framesReceived: u.frames };
}
