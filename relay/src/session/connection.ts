import {
  CHUNK_MS,
  CloseCode,
  FrameKind,
  PROTOCOL_VERSION,
  decodeWireFrame,
  parseClientMessage,
  type ClientMessage,
  type HelloMessage,
  type ServerMessage,
} from '@parley/shared';
import { logFailure } from '../error-tracking/report-error.ts';
import { RelayError } from '../errors.ts';
import {
  audioTooFast,
  messagesTooFast,
  sessionEndingText,
  sessionExpired,
} from '../limits/limit-errors.ts';
import type { RealtimeGuard } from '../limits/realtime-guard.ts';
import { timerDelayMs } from '../limits/session-clock.ts';
import type { TokenBucket } from '../limits/token-bucket.ts';
import type { Logger } from '../log/logger.ts';
import { providerInfos } from '../providers/provider-infos.ts';
import { CallSilenceWatch } from './quiet/call-silence-watch.ts';
import { sendMessage, type Urgency } from './wire/client-channel.ts';
import type { ConnectionDeps, Peer, Transport } from './connection-deps.ts';
import { clientCloseEndsSession, closeReason, failureEndsSession } from './wire/close-policy.ts';
import type { SessionLink } from './wire/attached-link.ts';
import { embeddedPageLanguage } from './page-language.ts';
import type { Session } from './session.ts';

type State = 'awaiting-hello' | 'handshaking' | 'open' | 'closed';

/**
 * One WebSocket connection: the handshake (`hello` with a single-use ticket, within a timeout,
 * starting or resuming a session), validation of every frame and message at the edge,
 * per-connection rate limits, the session clock (maximum length, idle time) and the error
 * budget. After the handshake it forwards to its {@link Session}. Never throws out of its
 * handlers.
 */
export class Connection {
  private session: Session | null = null;
  private state: State = 'awaiting-hello';
  private errors = 0;
  private clockTimer: NodeJS.Timeout | null = null;
  private warnedEnding = false;
  private silence: CallSilenceWatch | null = null;
  private readonly bucket: TokenBucket;
  private readonly realtime: RealtimeGuard;
  /** This connection as a session sees it (stable: a session detaches only its own link). */
  private readonly link: SessionLink;

  constructor(
    private readonly transport: Transport,
    private readonly ctx: ConnectionDeps,
    private readonly peer: Peer,
  ) {
    this.bucket = ctx.limits.messageBucket();
    this.realtime = ctx.limits.realtimeGuard();
    this.link = {
      send: (data, urgency) => {
        if (this.state !== 'closed') this.transport.send(data, urgency);
      },
      tell: (err, turnId) => this.sendError(err, turnId),
      fail: (err) => this.fail(err),
      replaced: () => {
        this.session = null;
        this.fail(RelayError.replaced());
      },
    };
    this.clockTimer = setTimeout(
      () => this.fail(RelayError.helloTimeout()),
      ctx.settings.helloTimeoutMs,
    );
    this.clockTimer.unref();
  }

  /** A text frame arrived. */
  onText(text: string): void {
    if (this.state === 'closed' || !this.admit()) return;
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      this.reject(RelayError.invalidInput(parsed.error.code, parsed.error.message));
      return;
    }
    this.guard(() => this.dispatch(parsed.value));
  }

  /**
   * A binary frame arrived. Its bytes are handed over (nothing else writes to them afterwards):
   * the session may keep views of them.
   */
  onBinary(data: ArrayBuffer | Uint8Array): void {
    const receivedAtMs = this.ctx.now();
    if (this.state === 'closed' || !this.admit()) return;
    const session = this.session;
    if (!session) {
      this.reject(RelayError.noSession());
      return;
    }
    const opus = session.codecs.up === 'opus';
    const decoded = decodeWireFrame(data, FrameKind.Mic, { owned: true, opus });
    if (!decoded.ok) {
      this.reject(RelayError.invalidInput(decoded.error.code, decoded.error.message));
      return;
    }
    const verdict = this.realtime.onAudio(CHUNK_MS);
    if (verdict.kind === 'cut') {
      this.fail(audioTooFast(1000));
      return;
    }
    if (verdict.kind === 'throttle') this.transport.pauseReading(verdict.pauseMs);
    this.guard(() => session.audio(decoded.value, receivedAtMs));
  }

  /**
   * The socket closed (the client's close frame, or none). Only the user ending the conversation
   * ends the session; after anything else it waits for its client to resume (see
   * {@link clientCloseEndsSession}).
   */
  onClose(code: number): void {
    this.closed(
      clientCloseEndsSession(code),
      code === CloseCode.Normal ? 'ended by the user' : `closed (${code})`,
    );
  }

  /** The connection is gone: its session ends (`ends`) or waits for a resume. */
  private closed(ends: boolean, reason: string): void {
    if (this.state === 'closed' && !this.session) return;
    this.state = 'closed';
    this.clearClock();
    this.silence?.stop();
    const session = this.session;
    this.session = null;
    // Only the connection a session is attached to may end it or start its grace period.
    if (!session?.detach(this.link, !ends)) return;
    if (ends) this.ctx.sessions.end(session, reason);
    else this.ctx.sessions.awaitResume(session);
  }

  /** Every message costs a token; a client over its rate is told and cut. */
  private admit(): boolean {
    const take = this.bucket.tryTake();
    if (take.ok) return true;
    this.fail(messagesTooFast(take.retryAfterMs));
    return false;
  }

  private dispatch(message: ClientMessage): void {
    if (message.type === 'ping') {
      if (message.receivedSeq !== undefined) this.session?.outputReceived(message.receivedSeq);
      this.send({
        type: 'pong',
        id: message.id,
        clientTimeMs: message.clientTimeMs,
        serverTimeMs: this.ctx.now(),
      });
      return;
    }
    if (message.type === 'hello') {
      if (this.state !== 'awaiting-hello')
        throw RelayError.badMessage('Session already started on this connection.');
      this.state = 'handshaking';
      this.hello(message).catch((err: unknown) => this.handshakeFailed(err));
      return;
    }
    if (!this.session) throw RelayError.noSession();
    if (message.type === 'reminder.rang') {
      void this.ctx.reminders?.rang(this.session.userId, message.id);
      return;
    }
    this.session.handle(message);
  }

  private async hello(message: HelloMessage): Promise<void> {
    if (message.protocol !== PROTOCOL_VERSION)
      throw RelayError.unsupportedProtocol(message.protocol, PROTOCOL_VERSION);
    const { ctx } = this;
    const identity = await ctx.tickets.redeem(message.ticket, { origin: this.peer.origin });
    const { resume, continue: past } = message;
    if (resume && past) throw RelayError.badMessage('A hello resumes or continues, not both.');
    if (resume) ctx.metrics.reconnectAttempted();
    const session = resume
      ? await ctx.sessions.resume(identity, resume, this.link)
      : past
        ? await ctx.sessions.continue(identity, message, past.sessionId, this.link)
        : await ctx.sessions.open(identity, message, this.link);
    if (this.state !== 'handshaking') {
      // The socket went away while the database answered: the session waits for a resume.
      session.detach(this.link, true);
      ctx.sessions.awaitResume(session);
      return;
    }
    this.session = session;
    this.state = 'open';
    const held = embeddedPageLanguage(message.language, this.peer.embedding === true);
    if (held !== undefined) session.preferences.hold(held);
    session.log.info(
      {
        resumed: Boolean(resume),
        client: message.client,
        userId: identity.userId,
        outputRateHz: session.outputRateHz,
        codecs: session.codecs,
      },
      resume ? 'session resumed' : 'session opened',
    );
    const { providers } = ctx;
    this.send({
      type: 'ready',
      protocol: PROTOCOL_VERSION,
      sessionId: session.id,
      resumeSecret: session.resumeSecret,
      resumed: Boolean(resume),
      ackedSeq: session.acknowledgedSeq,
      outputSampleRateHz: session.outputRateHz,
      providers: providerInfos(providers),
      eagerness: session.preferences.eagerness(),
      bargeIn: session.preferences.bargeIn(),
      // Whose words the client's turn-taking reads (issue 62).
      ...languageOf(session.language()),
      // Only to a client that offered codecs (an older one would not expect the field).
      ...(message.codecs ? { codecs: session.codecs } : {}),
      serverTimeMs: ctx.now(),
    });
    // Turn output the client missed while away, then where the money stands.
    session.attach(this.link, resume?.lastSeq ?? -1, resume !== undefined);
    this.send({
      type: 'cost',
      turnMicros: 0,
      sessionMicros: ctx.meter.sessionTotal(session.id),
      userDayMicros: ctx.meter.userDayTotal(identity.userId),
    });
    this.scheduleClock();
    this.watchSilence(session);
    // Reminders that came due while no page of the user's was open (or are due now) ring here.
    void ctx.reminders?.connected(identity.userId);
  }

  private handshakeFailed(err: unknown): void {
    if (err instanceof RelayError) return this.fail(err.asHandshakeRefusal());
    logFailure(this.log, err, 'handshake failed');
    this.fail(RelayError.internal('The relay could not start your session; try again.', err));
  }

  /** One timer for the session's maximum length and idle timeout. */
  private scheduleClock(): void {
    this.clearClock();
    const session = this.session;
    if (!session) return;
    const now = Date.now();
    const verdict = this.ctx.limits.checkSessionClock({
      startedAtMs: session.createdAt,
      lastActivityAtMs: session.lastActivityAt,
      nowMs: now,
    });
    if (verdict.kind === 'expired') {
      const clock = this.ctx.sessionClock;
      this.fail(
        sessionExpired(
          verdict.reason,
          verdict.reason === 'idle' ? clock.idleTimeoutMs : clock.maxSessionMs,
        ),
      );
      return;
    }
    if (verdict.kind === 'warn' && !this.warnedEnding) {
      this.warnedEnding = true;
      this.send({
        type: 'session.warning',
        reason: 'max-length',
        remainingMs: Math.max(0, Math.round(verdict.remainingMs)),
        message: sessionEndingText(verdict.remainingMs),
      });
    }
    if (verdict.nextCheckAtMs === null) return;
    this.clockTimer = setTimeout(
      () => this.scheduleClock(),
      timerDelayMs(verdict.nextCheckAtMs, now),
    );
    this.clockTimer.unref();
  }

  /** A call gone silent is checked on, then ended politely (`CALL_SILENCE_S`). */
  private watchSilence(session: Session): void {
    const silenceMs = this.ctx.callSilenceMs ?? 0;
    if (silenceMs <= 0) return;
    this.silence = new CallSilenceWatch({
      silenceMs,
      call: session,
      send: (m) => this.send(m),
      end: (m) => {
        this.send(m);
        this.transport.close(CloseCode.Normal, 'call ended after silence');
        this.closed(true, 'ended after silence');
      },
      now: () => this.ctx.now(),
    });
    this.silence.start();
  }

  private clearClock(): void {
    if (this.clockTimer) clearTimeout(this.clockTimer);
    this.clockTimer = null;
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof RelayError) this.reject(err);
      else {
        logFailure(this.log, err, 'unexpected error handling a message');
        this.fail(RelayError.internal('The relay hit an internal error; reconnect.', err));
      }
    }
  }

  /** Tells the client what was wrong; closes when the error is fatal or the budget is spent. */
  private reject(err: RelayError): void {
    this.errors++;
    if (err.fatal) return this.fail(err);
    this.log.debug({ code: err.code, msg: err.message }, 'rejected client input');
    this.sendError(err);
    if (this.errors >= this.ctx.settings.maxProtocolErrors)
      this.fail(RelayError.tooManyInvalid(err.code));
  }

  private fail(err: RelayError): void {
    if (this.state === 'closed') return;
    if (err.code === 'budget-exceeded') this.ctx.metrics.budgetStopped();
    this.sendError(err);
    const code = err.closeCode;
    this.log.info({ code: err.code, closeCode: code }, 'closing connection');
    this.transport.close(code, closeReason(err.message));
    this.closed(failureEndsSession(err), `closed (${code})`);
  }

  /** Every error the relay tells a client passes here (turn errors through the session's link). */
  private sendError(err: RelayError, turnId?: number): void {
    if (this.state === 'closed') return;
    this.ctx.metrics.errorSent(err.code);
    this.send(err.toMessage(turnId));
  }

  private send(message: ServerMessage, urgency: Urgency = 'now'): void {
    if (this.state !== 'closed') sendMessage(this.transport, message, urgency);
  }

  /** The session's logger (its lines carry the session id) once there is one. */
  private get log(): Logger {
    return this.session?.log ?? this.ctx.log;
  }
}

/** `ready`'s language: the conversation's, when one is known. */
function languageOf(language: string | undefined): { language?: string } {
  return language === undefined ? {} : { language };
}
