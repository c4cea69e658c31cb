import WebSocket from 'ws';
import {
  apiError,
  ticketResponse,
  FrameKind,
  PROTOCOL_VERSION,
  decodeAudioFrame,
  encodeAudioFrame,
  encodeMessage,
  parseServerMessage,
  type ClientMessage,
  type ErrorMessage,
  type PcmChunk,
  type ReadyMessage,
  type ServerMessage,
  type TurnStatus,
  type TurnTimings,
} from '@parley/shared';

/** Everything the client observed about one turn. */
export interface TurnRecord {
  turnId: number;
  transcript: string | null;
  replyText: string;
  status: TurnStatus | null;
  audioSamples: number;
  /** Reply samples louder than -50 dBFS (proof the audio is speech, not silence). */
  nonSilentSamples: number;
  /** Wall-clock epoch ms at which the first reply audio frame arrived. */
  firstAudioAtMs: number | null;
  /** Wall-clock epoch ms at which the final transcript arrived. */
  transcriptAtMs: number | null;
  relayTimings: TurnTimings;
  errors: ErrorMessage[];
  segments: { index: number; text: string; startSample: number }[];
  /** Resolves when `turn.done` arrives. */
  done: Promise<void>;
}

export interface TalkClientOptions {
  /** Bearer token for relays running with AUTH_MODE=jwt (not needed in dev mode). */
  token?: string;
  /** Send this Origin header, as a browser page would (tests of the origin policy). */
  origin?: string;
  /** Sample rate to ask reply audio in (Hz). Default 16 kHz. */
  outputSampleRateHz?: number;
  timeZone?: string;
  /** Connect/handshake timeout (ms). Default 10 s. */
  timeoutMs?: number;
}

const now = () => performance.timeOrigin + performance.now();

/** A protocol client for Node: the headless counterpart of the web app. */
export class TalkClient {
  readonly turns = new Map<number, TurnRecord>();
  readonly errors: ErrorMessage[] = [];
  /** Every server message, in order (for tests and debugging). */
  readonly received: ServerMessage[] = [];
  private readonly resolvers = new Map<number, () => void>();
  private closedWith: { code: number; reason: string } | null = null;
  private readonly closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];

  private constructor(
    private readonly ws: WebSocket,
    readonly ready: ReadyMessage,
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('close', (code, reason) => {
      this.closedWith = { code, reason: reason.toString() };
      for (const w of this.closeWaiters.splice(0)) w(this.closedWith);
      for (const r of this.resolvers.values()) r();
    });
  }

  /**
   * Asks the relay for a single-use connection ticket (`POST /api/session`, with the bearer
   * token when given), as the browser does.
   */
  static async ticket(wsUrl: string, token?: string, origin?: string): Promise<string> {
    const http = new URL(wsUrl);
    http.protocol = http.protocol === 'wss:' ? 'https:' : 'http:';
    http.pathname = '/api/session';
    http.search = '';
    const res = await fetch(http, {
      method: 'POST',
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(origin ? { Origin: origin } : {}),
      },
    }).catch((err: unknown) => {
      throw new Error(
        `Cannot reach ${http.origin}: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const e = apiError.safeParse(body);
      throw new Error(
        e.success
          ? `${e.data.message} (${res.status} ${e.data.error})`
          : `The relay answered ${res.status}.`,
      );
    }
    const parsed = ticketResponse.safeParse(body);
    if (!parsed.success) throw new Error('The relay sent an invalid ticket response.');
    return parsed.data.ticket;
  }

  /** Gets a ticket, opens the socket, sends `hello` and waits for `ready`. */
  static async connect(url: string, options: TalkClientOptions = {}): Promise<TalkClient> {
    const ticket = await TalkClient.ticket(url, options.token, options.origin);
    const ws = new WebSocket(url, options.origin ? { headers: { Origin: options.origin } } : {});
    ws.binaryType = 'nodebuffer';
    const timeoutMs = options.timeoutMs ?? 10_000;
    const ready = await new Promise<ReadyMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`No answer from ${url} within ${timeoutMs} ms.`));
      }, timeoutMs);
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`Cannot connect to ${url}: ${err.message}`));
      });
      ws.once('close', (code, reason) => {
        clearTimeout(timer);
        reject(new Error(`Relay closed the connection (${code} ${reason.toString()}).`));
      });
      ws.once('open', () => {
        const hello: ClientMessage = {
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          ticket,
          outputSampleRateHz: options.outputSampleRateHz ?? 16_000,
          client: { name: 'parley-talk', version: '0.1.0' },
          ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
        };
        ws.send(encodeMessage(hello));
      });
      ws.once('message', (data, isBinary) => {
        clearTimeout(timer);
        const parsed = isBinary ? null : parseServerMessage((data as Buffer).toString('utf8'));
        if (parsed?.ok && parsed.value.type === 'ready') resolve(parsed.value);
        else
          reject(
            new Error(`Expected "ready", got ${(data as Buffer).toString('utf8').slice(0, 200)}`),
          );
      });
    });
    ws.removeAllListeners('error');
    ws.removeAllListeners('close');
    ws.on('error', () => undefined);
    return new TalkClient(ws, ready);
  }

  send(message: ClientMessage): void {
    this.ws.send(encodeMessage(message));
  }

  /** Sends one 100 ms microphone chunk belonging to `turnId`. */
  sendChunk(chunk: PcmChunk, turnId: number, timestampMs: number): void {
    this.ws.send(
      encodeAudioFrame({
        kind: FrameKind.Mic,
        seq: chunk.seq,
        turnId,
        timestampMs,
        samples: chunk.samples,
      }),
    );
  }

  /** Sends raw bytes (for tests of malformed input). */
  sendRaw(data: string | Uint8Array): void {
    this.ws.send(data);
  }

  /** The record of `turnId`, created when first needed. */
  turn(turnId: number): TurnRecord {
    let t = this.turns.get(turnId);
    if (!t) {
      const done = new Promise<void>((resolve) => this.resolvers.set(turnId, resolve));
      t = {
        turnId,
        transcript: null,
        replyText: '',
        status: null,
        audioSamples: 0,
        nonSilentSamples: 0,
        firstAudioAtMs: null,
        transcriptAtMs: null,
        relayTimings: {},
        errors: [],
        segments: [],
        done,
      };
      this.turns.set(turnId, t);
      if (this.closedWith) this.resolvers.get(turnId)?.();
    }
    return t;
  }

  /** Waits for `turn.done` of `turnId` (or the socket closing); throws after `timeoutMs`. */
  async waitForTurn(turnId: number, timeoutMs = 30_000): Promise<TurnRecord> {
    const t = this.turn(turnId);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      t.done,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Turn ${turnId} did not finish within ${timeoutMs} ms.`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    return t;
  }

  /** Resolves with the close code and reason once the socket is closed. */
  closed(): Promise<{ code: number; reason: string }> {
    if (this.closedWith) return Promise.resolve(this.closedWith);
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  close(): void {
    this.ws.close(1000, 'bye');
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      const frame = decodeAudioFrame(data, FrameKind.Reply);
      if (!frame.ok) return;
      const t = this.turn(frame.value.turnId);
      t.firstAudioAtMs ??= now();
      t.audioSamples += frame.value.samples.length;
      for (const s of frame.value.samples) if (s > 104 || s < -104) t.nonSilentSamples++;
      return;
    }
    const parsed = parseServerMessage(data.toString('utf8'));
    if (!parsed.ok) return;
    const m = parsed.value;
    this.received.push(m);
    switch (m.type) {
      case 'transcript.final': {
        const t = this.turn(m.turnId);
        t.transcript = m.text;
        t.transcriptAtMs = now();
        return;
      }
      case 'reply.delta':
        this.turn(m.turnId).replyText += m.text;
        return;
      case 'reply.segment':
        this.turn(m.turnId).segments.push({
          index: m.index,
          text: m.text,
          startSample: m.startSample,
        });
        return;
      case 'turn.done': {
        const t = this.turn(m.turnId);
        t.status = m.status;
        t.replyText = m.reply;
        t.relayTimings = m.timings;
        this.resolvers.get(m.turnId)?.();
        return;
      }
      case 'error':
        this.errors.push(m);
        if (m.turnId !== undefined) this.turn(m.turnId).errors.push(m);
        return;
      case 'ready':
      case 'pong':
      case 'transcript.partial':
        return;
    }
  }
}
