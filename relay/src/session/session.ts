import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  CHUNK_MS,
  FrameKind,
  SAMPLE_RATE_HZ,
  encodeAudioFrame,
  type AudioFrame,
  type ClientMessage,
  type ServerMessage,
} from '@parley/shared';
import { describeError, RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { asrUsage } from '../metering/usage.ts';
import { runTurn, type TurnResult } from '../pipeline/turn.ts';
import type { AsrStream, ChatMessage, Providers } from '../providers/types.ts';
import type { Storage } from '../storage/index.ts';
import type { SessionBilling } from './billing.ts';
import { OutJournal } from './out-journal.ts';

/** What a session needs from the connection it is attached to. */
export interface SessionLink {
  sendJson(message: ServerMessage): void;
  /** An already encoded JSON message (journal replays). */
  sendText(text: string): void;
  sendBinary(bytes: Uint8Array<ArrayBuffer>): void;
  /** Tells the client why and closes the connection (e.g. the budget ran out). */
  fail(err: RelayError): void;
  /** A newer connection resumed the session: close this one quietly. */
  replaced(): void;
}

export interface SessionDeps {
  providers: Providers;
  storage: Storage;
  historyMessages: number;
  log: Logger;
  now: () => number;
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

/** What survives a relay restart (saved with the session, see {@link Session.checkpoint}). */
export interface ResumeState {
  v: 1;
  outputRateHz: number;
  timeZone: string | null;
  createdAt: number;
  lastTurnId: number;
  ackedSeq: number;
  outSeq: number;
}

export interface RestoredState {
  secret: string;
  state: ResumeState;
  history: ChatMessage[];
}

/** How a resume secret is stored: its SHA-256, never the secret itself. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Constant-time check of a presented resume secret against the stored hash. */
export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface Utterance {
  turnId: number;
  asr: AsrStream;
  abort: AbortController;
  nextSeq: number;
  frames: number;
  /** Sequence numbers that never arrived (gaps), for diagnostics. */
  missing: number;
}

type SessionMessage = Extract<
  ClientMessage,
  { type: 'utterance.start' | 'utterance.end' | 'utterance.cancel' | 'playback.started' }
>;

/** A new random session id (96 bits, URL-safe). */
export function newSessionId(): string {
  return randomBytes(12).toString('base64url');
}

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
  private activeTurn: { turnId: number; abort: AbortController; done: Promise<void> } | null = null;
  private lastTurnId = -1;
  /** Last turn whose result is in storage (what a restarted relay has seen). */
  private lastRecordedTurnId = -1;
  /** Sequence of turn output (JSON messages and reply frames), continuous across reconnects. */
  private outSeq = 0;
  /** Highest microphone seq durably processed (acknowledged to the client). */
  private ackedSeq = -1;
  private readonly journal = new OutJournal();
  /** After a resume, utterance messages the relay already handled may be replayed: ignore them. */
  private replaysExpected = false;
  private link: SessionLink | null;
  private closed = false;
  private readonly pendingWrites = new Set<Promise<unknown>>();
  /** Counters for diagnostics and tests: every microphone seq accepted exactly once? */
  readonly stats = { framesAccepted: 0, duplicateFrames: 0, missingFrames: 0, replayedMessages: 0 };

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
    this.resumeSecret = init.restored?.secret ?? randomBytes(24).toString('base64url');
    this.createdAt = init.restored?.state.createdAt ?? deps.now();
    this.lastActivityAt = deps.now();
    if (init.restored) {
      this.history.push(...init.restored.history);
      this.lastTurnId = init.restored.state.lastTurnId;
      this.lastRecordedTurnId = init.restored.state.lastTurnId;
      this.ackedSeq = init.restored.state.ackedSeq;
      this.outSeq = init.restored.state.outSeq;
      this.replaysExpected = true;
    }
    this.log = deps.log.child({ sessionId: this.id });
    this.billing = init.billing((m) => this.sendLive(m));
  }

  /** Highest microphone seq durably processed. */
  get acknowledgedSeq(): number {
    return this.ackedSeq;
  }

  /** Whether a connection is attached (false during the resume grace period). */
  get attached(): boolean {
    return this.link !== null;
  }

  /** Bytes of turn output held for resumes (memory per session). */
  get journalBytes(): number {
    return this.journal.size;
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
    this.outSeq = Math.max(this.outSeq, lastSeq + 1);
    for (const data of this.journal.after(lastSeq)) {
      this.stats.replayedMessages++;
      if (typeof data === 'string') link.sendText(data);
      else link.sendBinary(data);
    }
  }

  /** The connection went away (the client may resume). Only the attached link can detach. */
  detach(link: SessionLink): boolean {
    if (this.link !== link) return false;
    this.link = null;
    this.log.info({ journalBytes: this.journal.size }, 'session detached; waiting for a resume');
    return true;
  }

  /** Saves what a restarted relay needs to resume this session. */
  async checkpoint(): Promise<void> {
    const state: ResumeState = {
      v: 1,
      outputRateHz: this.outputRateHz,
      timeZone: this.timeZone ?? null,
      createdAt: this.createdAt,
      lastTurnId: this.lastRecordedTurnId,
      ackedSeq: this.ackedSeq,
      outSeq: this.outSeq,
    };
    await this.persist(
      this.deps.storage.sessions.saveResume(this.id, hashSecret(this.resumeSecret), state),
      'resume state',
    );
  }

  /** Number of messages in the conversation history. */
  get historyLength(): number {
    return this.history.length;
  }

  handle(message: SessionMessage): void {
    if (message.type !== 'playback.started') this.lastActivityAt = this.deps.now();
    switch (message.type) {
      case 'utterance.start':
        return this.startUtterance(message.turnId, message.firstSeq);
      case 'utterance.end':
        return this.endUtterance(message.turnId, message.lastSeq);
      case 'utterance.cancel':
        return this.cancelUtterance(message.turnId);
      case 'playback.started':
        this.log.debug({ turnId: message.turnId }, 'playback started');
        return;
    }
  }

  /** Microphone audio for the utterance in progress. */
  audio(frame: AudioFrame): void {
    this.lastActivityAt = this.deps.now();
    const u = this.utterance;
    if (!u || frame.turnId !== u.turnId) {
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
    this.stats.framesAccepted++;
    u.asr.write(frame.samples);
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
    const u = this.utterance;
    this.utterance = null;
    if (u) {
      u.abort.abort(new Error(reason));
      // Audio already sent to the recogniser was paid for.
      this.billing.record(
        u.turnId,
        0,
        asrUsage(this.deps.providers.asr.info.id, u.frames * CHUNK_MS),
      );
    }
    this.activeTurn?.abort.abort(new Error(reason));
    this.release();
    await this.activeTurn?.done;
    await Promise.allSettled(this.pendingWrites);
    const orphanUsage = this.takeOrphanUsage(u?.turnId);
    try {
      if (orphanUsage.length > 0) await this.deps.storage.usage.append(orphanUsage);
      if (options.resumable) await this.checkpoint();
      else await this.deps.storage.sessions.end(this.id, reason);
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

  private startUtterance(turnId: number, firstSeq: number): void {
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
    // The user talks over the reply: stop producing it.
    this.activeTurn?.abort.abort(new Error('user spoke'));
    this.lastTurnId = turnId;
    const abort = new AbortController();
    const asr = this.deps.providers.asr.start({
      sampleRateHz: SAMPLE_RATE_HZ,
      signal: abort.signal,
    });
    this.utterance = { turnId, asr, abort, nextSeq: firstSeq, frames: 0, missing: 0 };
    this.log.debug({ turnId }, 'utterance started');
  }

  private cancelUtterance(turnId: number): void {
    const u = this.utterance;
    if (u?.turnId !== turnId) {
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
    this.sendLive({ type: 'ack', seq });
  }

  /** Drops an utterance, metering the audio the recogniser already received. */
  private abandon(u: Utterance, reason: string): void {
    u.abort.abort(new Error(reason));
    this.billing.record(
      u.turnId,
      0,
      asrUsage(this.deps.providers.asr.info.id, u.frames * CHUNK_MS),
    );
    const entries = this.billing.takeEntries(u.turnId);
    if (entries.length > 0)
      void this.persist(
        this.deps.storage.usage.append(
          entries.map((e) => ({ ...e, userId: this.userId, sessionId: this.id, turnId: u.turnId })),
        ),
        'usage of a cancelled utterance',
      );
  }

  private endUtterance(turnId: number, lastSeq: number): void {
    const u = this.utterance;
    if (u?.turnId !== turnId) {
      if (this.replaysExpected && turnId <= this.lastTurnId) {
        // Replayed end of a turn already answered (its ack was lost) or still being answered.
        if (lastSeq <= this.ackedSeq) this.sendLive({ type: 'ack', seq: this.ackedSeq });
        return;
      }
      throw RelayError.unknownTurn(turnId);
    }
    this.utterance = null;
    if (lastSeq + 1 !== u.nextSeq)
      this.log.warn(
        { turnId, lastSeq, received: u.nextSeq - 1 },
        'utterance ended with missing audio',
      );
    const abort = u.abort;
    const log = this.log.child({ turnId });
    const done = runTurn({
      turnId,
      asr: u.asr,
      audioMs: u.frames * CHUNK_MS,
      billing: this.billing,
      history: this.history.slice(),
      providers: this.deps.providers,
      outputRateHz: this.outputRateHz,
      ...(this.timeZone === undefined ? {} : { timeZone: this.timeZone }),
      output: this.outputFor(turnId),
      signal: abort.signal,
      log,
      now: this.deps.now,
    })
      .then((result) => this.finishTurn(turnId, u.nextSeq - 1, result, log))
      .catch((err: unknown) => log.error({ err: describeError(err) }, 'turn crashed'))
      .finally(() => {
        if (this.activeTurn?.turnId === turnId) this.activeTurn = null;
      });
    this.activeTurn = { turnId, abort, done };
  }

  private async finishTurn(
    turnId: number,
    lastSeq: number,
    r: TurnResult,
    log: Logger,
  ): Promise<void> {
    if (r.transcript && r.status !== 'failed') {
      this.history.push({ role: 'user', content: r.transcript });
      if (r.reply) this.history.push({ role: 'assistant', content: r.reply });
      if (this.history.length > this.deps.historyMessages)
        this.history.splice(0, this.history.length - this.deps.historyMessages);
    }
    log.info({ status: r.status, timings: r.timings, audioSamples: r.audioSamples }, 'turn done');
    this.emit(turnId, {
      type: 'turn.done',
      seq: this.outSeq++,
      turnId,
      status: r.status,
      reply: r.reply,
      audioSamples: r.audioSamples,
      timings: r.timings,
    });
    const entries = this.billing.takeEntries(turnId);
    const write =
      r.transcript === ''
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
              providers: {
                asr: this.deps.providers.asr.info.id,
                llm: this.deps.providers.llm.info.id,
                tts: this.deps.providers.tts.info.id,
              },
            },
            entries,
          );
    if (await this.persist(write, 'turn')) {
      this.lastRecordedTurnId = Math.max(this.lastRecordedTurnId, turnId);
      // The utterance is in storage: the client may forget its audio. (A cancelled turn is
      // acknowledged too: its audio was heard, and replaying it would only repeat it.)
      this.acknowledge(lastSeq);
      await this.checkpoint();
    }
    if (r.budgetStop && !this.closed) this.link?.fail(r.budgetStop);
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

  /** Ledger entries of an utterance that never became a turn (closed mid-speech). */
  private takeOrphanUsage(turnId: number | undefined) {
    if (turnId === undefined) return [];
    return this.billing
      .takeEntries(turnId)
      .map((e) => ({ ...e, userId: this.userId, sessionId: this.id, turnId }));
  }

  private outputFor(turnId: number) {
    return {
      transcript: (text: string) =>
        this.emit(turnId, { type: 'transcript.final', seq: this.outSeq++, turnId, text }),
      replyDelta: (text: string) =>
        this.emit(turnId, { type: 'reply.delta', seq: this.outSeq++, turnId, text }),
      segment: (index: number, text: string, startSample: number) =>
        this.emit(turnId, {
          type: 'reply.segment',
          seq: this.outSeq++,
          turnId,
          index,
          text,
          startSample,
        }),
      audio: (samples: Int16Array) => {
        if (this.closed) return;
        const seq = this.outSeq++;
        const bytes = encodeAudioFrame({
          kind: FrameKind.Reply,
          seq,
          turnId,
          timestampMs: this.deps.now(),
          samples,
        });
        this.journal.add(seq, turnId, bytes);
        this.link?.sendBinary(bytes);
      },
      error: (err: RelayError) =>
        this.sendLive({
          type: 'error',
          code: err.code,
          message: err.message,
          retryable: err.retryable,
          turnId,
        }),
    };
  }

  /** Sends turn output (it carries a `seq`) and keeps it for a client that resumes. */
  private emit(turnId: number, message: Extract<ServerMessage, { seq: number }>): void {
    if (this.closed) return;
    const text = JSON.stringify(message);
    this.journal.add(message.seq, turnId, text);
    this.link?.sendText(text);
  }

  /** Sends a message that only matters now (not kept for resumes). */
  private sendLive(message: ServerMessage): void {
    if (!this.closed) this.link?.sendJson(message);
  }
}
