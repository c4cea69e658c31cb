import { randomBytes } from 'node:crypto';
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

/** What a session needs from the connection it is attached to. */
export interface SessionLink {
  sendJson(message: ServerMessage): void;
  sendBinary(bytes: Uint8Array<ArrayBuffer>): void;
  /** Tells the client why and closes the connection (e.g. the budget ran out). */
  fail(err: RelayError): void;
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
  readonly resumeSecret = randomBytes(24).toString('base64url');
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
  private replySeq = 0;
  private closed = false;
  private readonly pendingWrites = new Set<Promise<unknown>>();

  constructor(
    private readonly link: SessionLink,
    private readonly deps: SessionDeps,
    init: SessionInit,
  ) {
    this.id = init.id;
    this.userId = init.userId;
    this.outputRateHz = init.outputRateHz;
    this.timeZone = init.timeZone;
    this.release = init.release;
    this.createdAt = deps.now();
    this.lastActivityAt = this.createdAt;
    this.log = deps.log.child({ sessionId: this.id });
    this.billing = init.billing((m) => {
      if (!this.closed) this.link.sendJson(m);
    });
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
    if (!u || frame.turnId !== u.turnId) throw RelayError.unknownTurn(frame.turnId);
    if (frame.seq < u.nextSeq) {
      this.log.debug({ turnId: u.turnId, seq: frame.seq }, 'duplicate audio frame dropped');
      return;
    }
    if (frame.seq > u.nextSeq) {
      u.missing += frame.seq - u.nextSeq;
      this.log.warn(
        { turnId: u.turnId, expected: u.nextSeq, got: frame.seq },
        'gap in audio frames',
      );
    }
    u.nextSeq = frame.seq + 1;
    u.frames++;
    u.asr.write(frame.samples);
  }

  /**
   * Stops everything in flight, records the end in storage and frees the user's slot. The
   * session can no longer be used. Resolves when every write it started is committed.
   */
  async close(reason: string): Promise<void> {
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
      await this.deps.storage.sessions.end(this.id, reason);
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
    if (turnId <= this.lastTurnId)
      throw new RelayError(
        'unknown-turn',
        `Turn ids must increase: ${turnId} follows ${this.lastTurnId}.`,
        { turnId },
      );
    const stop = this.billing.allow(asrUsage(this.deps.providers.asr.info.id, 60_000));
    if (stop) {
      this.link.fail(stop);
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
    if (u?.turnId !== turnId) return; // already gone: cancelling is idempotent
    this.utterance = null;
    this.abandon(u, 'cancelled by client');
    this.log.debug({ turnId }, 'utterance cancelled');
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
    if (u?.turnId !== turnId) throw RelayError.unknownTurn(turnId);
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
      .then((result) => this.finishTurn(turnId, result, log))
      .catch((err: unknown) => log.error({ err: describeError(err) }, 'turn crashed'))
      .finally(() => {
        if (this.activeTurn?.turnId === turnId) this.activeTurn = null;
      });
    this.activeTurn = { turnId, abort, done };
  }

  private async finishTurn(turnId: number, r: TurnResult, log: Logger): Promise<void> {
    if (r.transcript && r.status !== 'failed') {
      this.history.push({ role: 'user', content: r.transcript });
      if (r.reply) this.history.push({ role: 'assistant', content: r.reply });
      if (this.history.length > this.deps.historyMessages)
        this.history.splice(0, this.history.length - this.deps.historyMessages);
    }
    log.info({ status: r.status, timings: r.timings, audioSamples: r.audioSamples }, 'turn done');
    if (!this.closed) {
      this.link.sendJson({
        type: 'turn.done',
        turnId,
        status: r.status,
        reply: r.reply,
        audioSamples: r.audioSamples,
        timings: r.timings,
      });
    }
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
    await this.persist(write, 'turn');
    if (r.budgetStop && !this.closed) this.link.fail(r.budgetStop);
  }

  /** Tracks a storage write so `close` waits for it; logs (never throws) on failure. */
  private persist(write: Promise<unknown>, what: string): Promise<void> {
    const tracked = write.then(
      () => undefined,
      (err: unknown) => this.log.error({ err: describeError(err) }, `could not store the ${what}`),
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
    const live = () => !this.closed;
    return {
      transcript: (text: string) => {
        if (live()) this.link.sendJson({ type: 'transcript.final', turnId, text });
      },
      replyDelta: (text: string) => {
        if (live()) this.link.sendJson({ type: 'reply.delta', turnId, text });
      },
      segment: (index: number, text: string, startSample: number) => {
        if (live()) this.link.sendJson({ type: 'reply.segment', turnId, index, text, startSample });
      },
      audio: (samples: Int16Array) => {
        if (!live()) return;
        this.link.sendBinary(
          encodeAudioFrame({
            kind: FrameKind.Reply,
            seq: this.replySeq++,
            turnId,
            timestampMs: this.deps.now(),
            samples,
          }),
        );
      },
      error: (err: RelayError) => {
        if (!live()) return;
        this.link.sendJson({
          type: 'error',
          code: err.code,
          message: err.message,
          retryable: err.retryable,
          turnId,
        });
      },
    };
  }
}
