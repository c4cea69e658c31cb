import WebSocket from 'ws';
import {
  apiError,
  ResilientConnection,
  ticketResponse,
  type ClientMessage,
  type ConnectionState,
  type ErrorMessage,
  type PcmChunk,
  type ReadyMessage,
  type ServerMessage,
  type ServedBy,
  type SocketLike,
  type TurnStatus,
  type TurnTimings,
  type WireAudioFrame,
  type PauseReading,
  type ReadingAlternative,
} from '@parley/shared';
import { talkHello, type TalkHelloOptions } from './client-hello.ts';
import { freshRequest } from './fresh-request.ts';
import type { AudioArrival } from './heard-silence.ts';
import type { TalkToolCall, TalkToolProgress } from './tool-lines.ts';
import { TurnCodecs } from './turn-codecs.ts';

/** Everything the client observed about one turn. */
export interface TurnRecord {
  turnId: number;
  transcript: string | null;
  replyText: string;
  status: TurnStatus | null;
  audioSamples: number;
  /** Reply samples louder than -50 dBFS (proof the audio is speech, not silence). */
  nonSilentSamples: number;
  /** Largest absolute reply sample (noise shows as one near full scale, 32,767). */
  peakSample: number;
  /** Wall-clock epoch ms at which the first reply audio frame arrived. */
  firstAudioAtMs: number | null;
  /** Wall-clock epoch ms at which the final transcript arrived. */
  transcriptAtMs: number | null;
  /** Interim transcripts, as they arrived (epoch ms). */
  /**
   * Interim transcripts; `pauseSeq` on the words heard up to a pause (sent at once, unthrottled),
   * with their `reading`.
   */
  partials: {
    text: string;
    atMs: number;
    pauseSeq?: number;
    reading?: PauseReading;
    alternatives?: readonly ReadingAlternative[];
  }[];
  /** Wall-clock epoch ms at which the utterance's end was handed to the connection (spoken). */
  endSentAtMs: number | null;
  relayTimings: TurnTimings;
  /** The providers that served the turn, as `turn.done` says (the voice that spoke it, too). */
  servedBy: ServedBy;
  errors: ErrorMessage[];
  segments: { index: number; text: string; startSample: number }[];
  /** Each block of reply audio as it arrived (epoch ms) and its length, for the silences heard. */
  audioArrivals: AudioArrival[];
  /** The turn's tool calls, in the order they started (issue 48). */
  tools: TalkToolCall[];
  /** What was heard while its tools ran long (`tool.progress`), in order. */
  progress: TalkToolProgress[];
  /** Resolves when `turn.done` arrives (or the connection is gone for good). */
  done: Promise<void>;
}

export interface TalkClientOptions extends TalkHelloOptions {
  /** Bearer token for relays running with AUTH_MODE=jwt (not needed in dev mode). */
  token?: string;
  /** Send this Origin header, as a browser page would (tests of the origin policy). */
  origin?: string;
  /** Heartbeat interval (ms). Default 5,000. */
  heartbeatMs?: number;
  /** How long to wait for `ready` on each connection attempt (ms). Default 10,000. */
  handshakeTimeoutMs?: number;
  /** Bits per second of microphone audio sent as Opus. Default 24,000. */
  uplinkBitrate?: number;
}

const now = () => performance.timeOrigin + performance.now();

/**
 * A protocol client for Node: the headless counterpart of the web app, on the same resilient
 * connection (heartbeat, reconnect with backoff, session resume, replay of unacknowledged
 * audio).
 */
export class TalkClient {
  /** Told of each reply's audio as it arrives, decoded (e.g. to keep it for a recogniser). */
  onReplyAudio: ((turnId: number, samples: Int16Array) => void) | null = null;
  /** Told of each interim transcript as it arrives (the stream's end-of-turn policy). */
  onPartial: ((m: Extract<ServerMessage, { type: 'transcript.partial' }>) => void) | null = null;
  /** The relay has said which audio its words cover (a `coversSeq`), on this connection. */
  coverageTold = false;
  readonly turns = new Map<number, TurnRecord>();
  readonly errors: ErrorMessage[] = [];
  /** Every server message, in order (for tests and debugging). */
  readonly received: ServerMessage[] = [];
  /**
   * The question awaiting the user's yes before a tool changes something (its `confirmId`, from
   * `tool.confirm` until its `tool.closed`); null: none.
   */
  openQuestion: string | null = null;
  /** Every connection state, in order. */
  readonly states: ConnectionState[] = [];
  private readonly resolvers = new Map<number, () => void>();
  private closedWith: { code: number; reason: string } | null = null;
  /**
   * Why the relay ended the conversation (the connection went offline for good, not by
   * `close`): its close code and what it said. Null while it goes on.
   */
  ended: { code: number; reason: string } | null = null;
  private readonly closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];
  ready!: ReadyMessage;
  readonly connection: ResilientConnection;
  private readonly codecs: TurnCodecs;
  /** Microphone chunks handed to the connection so far (100 ms each). */
  chunksSent = 0;

  private constructor(url: string, options: TalkClientOptions) {
    const headers = options.origin ? { Origin: options.origin } : undefined;
    this.codecs = new TurnCodecs(() => this.ready, options.uplinkBitrate);
    this.connection = new ResilientConnection({
      url,
      getTicket: (signal) => TalkClient.ticket(url, options.token, options.origin, signal),
      hello: talkHello(options),
      openSocket: (u): SocketLike => new WebSocket(u, headers ? { headers } : {}),
      heartbeatMs: options.heartbeatMs ?? 5000,
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
      events: {
        onReady: (r) => (this.ready = r),
        onMessage: (m) => this.onMessage(m),
        onAudio: (f) => this.onAudio(f),
        onState: (s) => {
          this.states.push(s);
          if (s.kind !== 'offline') return;
          this.ended = { code: s.code ?? 1006, reason: s.reason };
          this.markClosed(this.ended.code, s.reason);
        },
      },
    });
  }

  /**
   * Asks the relay for a single-use connection ticket (`POST /api/session`, with the bearer
   * token when given), as the browser does — on a connection of its own, never a pooled one
   * (see {@link freshRequest}); `signal` gives up on it.
   */
  static async ticket(
    wsUrl: string,
    token?: string,
    origin?: string,
    signal?: AbortSignal,
  ): Promise<string> {
    const http = new URL(wsUrl);
    http.protocol = http.protocol === 'wss:' ? 'https:' : 'http:';
    http.pathname = '/api/session';
    http.search = '';
    const headers = {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(origin ? { Origin: origin } : {}),
    };
    const res = await freshRequest('POST', http, headers, signal).catch((err: unknown) => {
      // No HTTP answer: no status (the reconnect policy reads that as "unreachable").
      throw new Error(
        `Cannot reach ${http.origin}: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    if (res.status < 200 || res.status >= 300) {
      const e = apiError.safeParse(res.body);
      throw Object.assign(
        new Error(
          e.success
            ? `${e.data.message} (${res.status} ${e.data.error})`
            : `The relay answered ${res.status}.`,
        ),
        { status: res.status, ...(e.success ? { code: e.data.error } : {}) },
      );
    }
    const parsed = ticketResponse.safeParse(res.body);
    if (!parsed.success) throw new Error('The relay sent an invalid ticket response.');
    return parsed.data.ticket;
  }

  /** Gets a ticket, opens the socket, says hello and waits for `ready`. */
  static async connect(url: string, options: TalkClientOptions = {}): Promise<TalkClient> {
    const client = new TalkClient(url, options);
    client.ready = await client.connection.start();
    return client;
  }

  send(message: ClientMessage): void {
    if (message.type === 'utterance.end') this.turn(message.turnId).endSentAtMs = now();
    if (message.type === 'utterance.end' || message.type === 'utterance.cancel')
      this.codecs.utteranceEnded(message.turnId);
    this.connection.send(message);
  }

  /**
   * Sends one 100 ms microphone chunk belonging to `turnId` (kept until acknowledged), as Opus
   * when the relay agreed to it.
   */
  sendChunk(chunk: PcmChunk, turnId: number, timestampMs: number): void {
    this.chunksSent++;
    const packets = this.codecs.encode(turnId, chunk.samples);
    this.connection.sendChunk(chunk, turnId, timestampMs, packets);
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
        peakSample: 0,
        firstAudioAtMs: null,
        transcriptAtMs: null,
        partials: [],
        endSentAtMs: null,
        relayTimings: {},
        servedBy: {},
        errors: [],
        segments: [],
        audioArrivals: [],
        tools: [],
        progress: [],
        done,
      };
      this.turns.set(turnId, t);
      if (this.closedWith) this.resolvers.get(turnId)?.();
    }
    return t;
  }

  /** Waits for `turn.done` of `turnId` (or the connection ending); throws after `timeoutMs`. */
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

  /** Resolves with the close code and reason once the connection is gone for good. */
  closed(): Promise<{ code: number; reason: string }> {
    if (this.closedWith) return Promise.resolve(this.closedWith);
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  close(): void {
    this.connection.close();
    this.codecs.close();
    this.markClosed(1000, 'bye');
  }

  private markClosed(code: number, reason: string): void {
    if (this.closedWith) return;
    this.closedWith = { code, reason };
    for (const w of this.closeWaiters.splice(0)) w(this.closedWith);
    for (const r of this.resolvers.values()) r();
  }

  private onAudio(frame: WireAudioFrame): void {
    const t = this.turn(frame.turnId);
    const at = now();
    t.firstAudioAtMs ??= at;
    const samples = this.codecs.decode(frame);
    t.audioSamples += samples.length;
    t.audioArrivals.push({
      atMs: at,
      durationMs: (samples.length * 1000) / this.ready.outputSampleRateHz,
    });
    this.onReplyAudio?.(frame.turnId, samples);
    for (const s of samples) {
      if (s > 104 || s < -104) t.nonSilentSamples++;
      if (s > t.peakSample || -s > t.peakSample) t.peakSample = Math.abs(s);
    }
  }

  private onMessage(m: ServerMessage): void {
    this.received.push(m);
    switch (m.type) {
      case 'transcript.partial':
        if (m.coversSeq !== undefined) this.coverageTold = true;
        this.turn(m.turnId).partials.push({
          text: m.text,
          atMs: now(),
          ...(m.pauseSeq === undefined ? {} : { pauseSeq: m.pauseSeq }),
          ...(m.reading === undefined ? {} : { reading: m.reading }),
          ...(m.alternatives === undefined ? {} : { alternatives: m.alternatives }),
        });
        this.onPartial?.(m);
        return;
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
        t.servedBy = m.servedBy ?? {};
        this.codecs.replyEnded(m.turnId);
        this.resolvers.get(m.turnId)?.();
        return;
      }
      case 'tool.call':
        this.turn(m.turnId).tools.push({
          callId: m.callId,
          name: m.name,
          arguments: m.arguments,
          status: null,
          summary: '',
          ms: null,
        });
        return;
      case 'tool.result': {
        const call = this.turn(m.turnId).tools.find((c) => c.callId === m.callId);
        if (call)
          Object.assign(call, {
            status: m.status,
            summary: m.summary,
            ms: m.endedAtMs - m.startedAtMs,
          });
        return;
      }
      case 'tool.confirm':
        this.openQuestion = m.confirmId;
        return;
      case 'tool.closed':
        if (this.openQuestion === m.confirmId) this.openQuestion = null;
        return;
      case 'tool.progress':
        this.turn(m.turnId).progress.push({
          names: m.names,
          progress: m.progress,
          ...(m.text === undefined ? {} : { text: m.text }),
        });
        return;
      case 'error':
        this.errors.push(m);
        if (m.turnId !== undefined) this.turn(m.turnId).errors.push(m);
        return;
      default:
        return;
    }
  }
}
