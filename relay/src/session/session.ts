import { randomBytes } from 'node:crypto';
import {
  FrameKind,
  SAMPLE_RATE_HZ,
  encodeAudioFrame,
  type AudioFrame,
  type ClientMessage,
  type ServerMessage,
} from '@parley/shared';
import { describeError, RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { runTurn, type TurnResult } from '../pipeline/turn.ts';
import type { AsrStream, ChatMessage, Providers } from '../providers/types.ts';

/** What a session needs from the connection it is attached to. */
export interface SessionLink {
  sendJson(message: ServerMessage): void;
  sendBinary(bytes: Uint8Array<ArrayBuffer>): void;
}

export interface SessionDeps {
  providers: Providers;
  historyMessages: number;
  log: Logger;
  now: () => number;
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

type Outgoing = Extract<
  ClientMessage,
  { type: 'utterance.start' | 'utterance.end' | 'utterance.cancel' | 'playback.started' }
>;

/**
 * One conversation: its history, the utterance being spoken and the turn being answered.
 * Knows nothing about sockets: it talks to a {@link SessionLink}.
 */
export class Session {
  readonly id = randomBytes(12).toString('base64url');
  readonly resumeSecret = randomBytes(24).toString('base64url');
  readonly createdAt: number;
  private readonly history: ChatMessage[] = [];
  private utterance: Utterance | null = null;
  private activeTurn: { turnId: number; abort: AbortController; done: Promise<void> } | null = null;
  private lastTurnId = -1;
  private replySeq = 0;
  private closed = false;
  readonly log: Logger;

  constructor(
    private readonly link: SessionLink,
    private readonly deps: SessionDeps,
    readonly outputRateHz: number,
    readonly timeZone: string | undefined,
  ) {
    this.createdAt = deps.now();
    this.log = deps.log.child({ sessionId: this.id });
  }

  /** Number of messages in the conversation history. */
  get historyLength(): number {
    return this.history.length;
  }

  handle(message: Outgoing): void {
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

  /** Stops everything in flight; the session can no longer be used. */
  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.utterance?.abort.abort(new Error(reason));
    this.utterance = null;
    this.activeTurn?.abort.abort(new Error(reason));
    this.log.info({ reason, messages: this.history.length }, 'session closed');
  }

  /** Resolves when the turn being answered (if any) has finished. */
  async idle(): Promise<void> {
    await this.activeTurn?.done;
  }

  private startUtterance(turnId: number, firstSeq: number): void {
    if (turnId <= this.lastTurnId)
      throw new RelayError(
        'unknown-turn',
        `Turn ids must increase: ${turnId} follows ${this.lastTurnId}.`,
        { turnId },
      );
    if (this.utterance) {
      this.log.debug({ turnId: this.utterance.turnId }, 'utterance replaced before it ended');
      this.utterance.abort.abort(new Error('replaced'));
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
    if (!u || u.turnId !== turnId) return; // already gone: cancelling is idempotent
    u.abort.abort(new Error('cancelled by client'));
    this.utterance = null;
    this.log.debug({ turnId }, 'utterance cancelled');
  }

  private endUtterance(turnId: number, lastSeq: number): void {
    const u = this.utterance;
    if (!u || u.turnId !== turnId) throw RelayError.unknownTurn(turnId);
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

  private finishTurn(turnId: number, r: TurnResult, log: Logger): void {
    if (r.transcript && r.status !== 'failed') {
      this.history.push({ role: 'user', content: r.transcript });
      if (r.reply) this.history.push({ role: 'assistant', content: r.reply });
      if (this.history.length > this.deps.historyMessages)
        this.history.splice(0, this.history.length - this.deps.historyMessages);
    }
    log.info({ status: r.status, timings: r.timings, audioSamples: r.audioSamples }, 'turn done');
    if (this.closed) return;
    this.link.sendJson({
      type: 'turn.done',
      turnId,
      status: r.status,
      reply: r.reply,
      audioSamples: r.audioSamples,
      timings: r.timings,
    });
  }

  private outputFor(turnId: number) {
    const live = () => !this.closed;
    return {
      transcript: (text: string) =>
        live() && this.link.sendJson({ type: 'transcript.final', turnId, text }),
      replyDelta: (text: string) =>
        live() && this.link.sendJson({ type: 'reply.delta', turnId, text }),
      segment: (index: number, text: string, startSample: number) =>
        live() && this.link.sendJson({ type: 'reply.segment', turnId, index, text, startSample }),
      audio: (samples: Int16Array) =>
        live() &&
        this.link.sendBinary(
          encodeAudioFrame({
            kind: FrameKind.Reply,
            seq: this.replySeq++,
            turnId,
            timestampMs: this.deps.now(),
            samples,
          }),
        ),
      error: (err: RelayError) =>
        live() &&
        this.link.sendJson({
          type: 'error',
          code: err.code,
          message: err.message,
          retryable: err.retryable,
          turnId,
        }),
    };
  }
}
