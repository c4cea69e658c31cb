import {
  CloseCode,
  FrameKind,
  PROTOCOL_VERSION,
  decodeAudioFrame,
  parseClientMessage,
  type ClientMessage,
  type HelloMessage,
  type ServerMessage,
} from '@parley/shared';
import { describeError, RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { Providers } from '../providers/types.ts';
import { Session } from './session.ts';
import type { SessionRegistry } from './registry.ts';

/** The socket as the protocol code sees it. */
export interface Transport {
  sendText(text: string): void;
  sendBinary(bytes: Uint8Array<ArrayBuffer>): void;
  close(code: number, reason: string): void;
}

export interface ConnectionDeps {
  providers: Providers;
  registry: SessionRegistry;
  helloTimeoutMs: number;
  maxProtocolErrors: number;
  historyMessages: number;
  log: Logger;
  now: () => number;
}

/**
 * One WebSocket connection: the handshake (`hello` first, within a timeout), validation of every
 * frame and message at the edge, and the error budget. After the handshake it forwards to its
 * {@link Session}. Never throws out of its handlers.
 */
export class Connection {
  private session: Session | null = null;
  private errors = 0;
  private closed = false;
  private readonly helloTimer: NodeJS.Timeout;

  constructor(
    private readonly transport: Transport,
    private readonly deps: ConnectionDeps,
  ) {
    this.helloTimer = setTimeout(() => {
      this.fail(
        new RelayError('no-session', 'No hello received in time; reconnect and send hello first.', {
          closeCode: CloseCode.HandshakeTimeout,
        }),
      );
    }, deps.helloTimeoutMs);
    this.helloTimer.unref();
  }

  /** A text frame arrived. */
  onText(text: string): void {
    if (this.closed) return;
    const parsed = parseClientMessage(text);
    if (!parsed.ok) return this.reject(new RelayError(parsed.error.code, parsed.error.message));
    this.guard(() => this.dispatch(parsed.value));
  }

  /** A binary frame arrived. */
  onBinary(data: ArrayBuffer | Uint8Array): void {
    if (this.closed) return;
    if (!this.session) return this.reject(RelayError.noSession());
    const decoded = decodeAudioFrame(data, FrameKind.Mic);
    if (!decoded.ok) return this.reject(new RelayError(decoded.error.code, decoded.error.message));
    const session = this.session;
    this.guard(() => session.audio(decoded.value));
  }

  /** The socket closed (either side). Frees the session. */
  onClose(code: number): void {
    if (this.closed && !this.session) return;
    this.closed = true;
    clearTimeout(this.helloTimer);
    if (this.session) {
      this.deps.registry.remove(this.session.id);
      this.session.close(`socket closed (${code})`);
      this.session = null;
    }
  }

  private dispatch(message: ClientMessage): void {
    if (message.type === 'ping') {
      this.send({
        type: 'pong',
        id: message.id,
        clientTimeMs: message.clientTimeMs,
        serverTimeMs: this.deps.now(),
      });
      return;
    }
    if (message.type === 'hello') return this.hello(message);
    if (!this.session) throw RelayError.noSession();
    this.session.handle(message);
  }

  private hello(message: HelloMessage): void {
    if (this.session) throw RelayError.badMessage('Session already started on this connection.');
    if (message.protocol !== PROTOCOL_VERSION)
      throw RelayError.unsupportedProtocol(message.protocol, PROTOCOL_VERSION);
    if (message.resume)
      throw new RelayError('no-session', 'That session cannot be resumed; start a new one.', {
        closeCode: CloseCode.SessionNotFound,
      });
    clearTimeout(this.helloTimer);
    const { providers, historyMessages, log, now } = this.deps;
    const session = new Session(
      { sendJson: (m) => this.send(m), sendBinary: (b) => this.transport.sendBinary(b) },
      { providers, historyMessages, log, now },
      message.outputSampleRateHz,
      message.timeZone,
    );
    this.session = session;
    this.deps.registry.add(session);
    session.log.info(
      { outputRateHz: message.outputSampleRateHz, client: message.client },
      'session opened',
    );
    this.send({
      type: 'ready',
      protocol: PROTOCOL_VERSION,
      sessionId: session.id,
      resumeSecret: session.resumeSecret,
      resumed: false,
      outputSampleRateHz: session.outputRateHz,
      providers: { asr: providers.asr.info, llm: providers.llm.info, tts: providers.tts.info },
      serverTimeMs: now(),
    });
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof RelayError) this.reject(err);
      else {
        this.deps.log.error({ err: describeError(err) }, 'unexpected error handling a message');
        this.fail(
          new RelayError('internal', 'The relay hit an internal error; reconnect.', {
            closeCode: CloseCode.InternalError,
            cause: err,
          }),
        );
      }
    }
  }

  /** Tells the client what was wrong; closes when the error is fatal or the budget is spent. */
  private reject(err: RelayError): void {
    this.errors++;
    if (err.options.closeCode !== undefined) return this.fail(err);
    this.deps.log.debug({ code: err.code, msg: err.message }, 'rejected client input');
    this.sendError(err);
    if (this.errors >= this.deps.maxProtocolErrors) {
      this.fail(
        new RelayError(err.code, 'Too many invalid messages; closing.', {
          closeCode: CloseCode.TooManyErrors,
        }),
      );
    }
  }

  private fail(err: RelayError): void {
    if (this.closed) return;
    this.sendError(err);
    this.deps.log.info({ code: err.code, closeCode: err.options.closeCode }, 'closing connection');
    this.transport.close(
      err.options.closeCode ?? CloseCode.PolicyViolation,
      err.message.slice(0, 120),
    );
    this.onClose(err.options.closeCode ?? CloseCode.PolicyViolation);
  }

  private sendError(err: RelayError): void {
    this.send({
      type: 'error',
      code: err.code,
      message: err.message,
      retryable: err.retryable,
      ...(err.options.turnId === undefined ? {} : { turnId: err.options.turnId }),
    });
  }

  private send(message: ServerMessage): void {
    if (this.closed) return;
    this.transport.sendText(JSON.stringify(message));
  }
}
