import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { startFakeElevenLabs, type FakeElevenLabs } from './elevenlabs-server.ts';
import { sleep } from './fake-http.ts';
import { healthy, type Fault } from './faults.ts';
import { tone, toneSamples } from './pcm-tone.ts';
import { refuseUpgrade, upgradeAnswered } from './upgrade-faults.ts';

/** One socket the fake was asked for, for assertions. */
export interface InputConnection {
  path: string;
  /** Query parameters of the upgrade (model_id, output_format, …). */
  query: Record<string, string>;
  /** Whether `xi-api-key` carried the expected key (the header itself is not kept). */
  authorized: boolean;
  /** HTTP status the upgrade was refused with, if it was. */
  refusedWith?: number;
  /** The first message (`{"text": " ", …}`) as received. */
  init?: Record<string, unknown>;
  /** Each later message's text, in order, with the epoch ms it arrived at. */
  texts: { text: string; atMs: number }[];
  /** The text each generation turned into audio, in order. */
  generated: string[];
  /** Epoch ms each generation's first audio went out at. */
  firstAudioAtMs: number[];
  /** `{"isFinal": true}` was sent. */
  final: boolean;
}

export interface FakeElevenLabsInputOptions {
  /** The key the fake accepts in the upgrade's `xi-api-key`. */
  apiKey: string;
  /** Audio per character of text (ms). Default 60, as the HTTP fake. */
  msPerChar?: number;
  /** A generation's start → its first audio (ms): the model's own latency. Default 0. */
  firstAudioMs?: number;
  /** Audio bytes per message (odd: samples straddle messages). Default 3,001. */
  chunkBytes?: number;
  /** Pause between audio messages (ms). Default 3. */
  chunkIntervalMs?: number;
  /**
   * Characters buffered before a generation starts unasked, then before each next one
   * (ElevenLabs' `chunk_length_schedule`). Default [120, 160, 250, 290].
   */
  schedule?: readonly number[];
  fault?: Fault;
}

export interface FakeElevenLabsInput {
  /** http://127.0.0.1:port, to use as the adapter's `baseUrl` (both APIs answer there). */
  url: string;
  connections: InputConnection[];
  /** Sockets asked for and still open: 0 once the client let go of every one. */
  readonly openSockets: number;
  /** The HTTP API at the same address (whole texts, voices, models), with its own faults. */
  http: FakeElevenLabs;
  /** What new sockets do wrong from now on. */
  setFault(fault: Fault): void;
  close(): Promise<void>;
}

const PCM_RATES = new Set([16000, 22050, 24000, 44100]);
const PATH = /^\/v1\/text-to-speech\/([^/]+)\/stream-input$/;

/**
 * A local stand-in for ElevenLabs' streaming input (`/v1/text-to-speech/:voice/stream-input`,
 * WebSocket): checks `xi-api-key` on the upgrade; takes `{"text": " "}` first, then text pieces
 * into a buffer; generates when the buffer reaches the schedule, on `flush: true`, and on the end
 * of input (`{"text": ""}`); answers each generation with `{"audio": <base64 PCM16LE of a 440 Hz
 * tone, msPerChar per character>, "alignment": …}` messages, then `{"isFinal": true}` and a 1000
 * close. Refusals carry ElevenLabs' `{"detail": {"status", "message"}}` body.
 *
 * The HTTP API answers at the same address ({@link startFakeElevenLabs}, same key), as
 * ElevenLabs' does. Faults apply to new sockets (`afterChunks` counts audio messages): `status`
 * refuses the upgrade (with its `Retry-After`), `hang` never answers it, `latency` answers it
 * late, `stall` stops sending, `reset` drops the TCP connection, `malformed` sends a message that
 * is no JSON, `mislabelled` sends ElevenLabs' error message where the first audio was due.
 */
export async function startFakeElevenLabsInput(
  options: FakeElevenLabsInputOptions,
): Promise<FakeElevenLabsInput> {
  let fault = options.fault ?? healthy;
  const connections: InputConnection[] = [];
  const sockets = new Set<Socket>();
  const http = await startFakeElevenLabs({
    apiKey: options.apiKey,
    ...(options.msPerChar === undefined ? {} : { msPerChar: options.msPerChar }),
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  http.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const url = new URL(req.url ?? '/', 'http://fake');
    const log: InputConnection = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorized: req.headers['xi-api-key'] === options.apiKey,
      texts: [],
      generated: [],
      firstAudioAtMs: [],
      final: false,
    };
    connections.push(log);
    const current = fault;
    void (async (): Promise<void> => {
      if (!(await upgradeAnswered(socket, current))) return;
      const rate = Number(/^pcm_(\d+)$/.exec(log.query.output_format ?? '')?.[1]);
      if (!log.authorized) refuse(socket, log, 401, 'invalid_api_key', 'Invalid API key');
      else if (!PATH.test(log.path)) refuse(socket, log, 404, 'not_found', 'Not found');
      else if (!PCM_RATES.has(rate)) {
        refuse(socket, log, 400, 'invalid_output_format', 'This fake only speaks pcm_<rate>');
      } else if (current.kind === 'status') {
        const { status, retryAfterS } = current;
        refuse(socket, log, status, 'injected_failure', 'Injected failure', retryAfterS);
      } else {
        wss.handleUpgrade(req, socket, head, (ws) => serve(ws, socket, log, current, rate));
      }
    })();
  });

  /** One segment's session: text in, audio out, generations one after another. */
  function serve(ws: WebSocket, socket: Socket, log: InputConnection, f: Fault, rate: number) {
    const msPerChar = options.msPerChar ?? 60;
    const chunkBytes = options.chunkBytes ?? 3001;
    const schedule = options.schedule ?? [120, 160, 250, 290];
    let buffer = '';
    let generations = 0;
    let audioSent = 0;
    let broken = false;
    let work = Promise.resolve();
    const live = () => !broken && ws.readyState === ws.OPEN;
    const generate = (last: boolean) => {
      const text = buffer;
      buffer = '';
      work = work.then(async () => {
        if (!live()) return;
        if (text.trim() !== '') await speak(text);
        if (last && live()) {
          log.final = true;
          ws.send(JSON.stringify({ isFinal: true }));
          ws.close(1000);
        }
      });
    };
    const speak = async (text: string) => {
      log.generated.push(text);
      await sleep(options.firstAudioMs ?? 0);
      if (f.kind === 'mislabelled') {
        // Where audio was expected, ElevenLabs' error message, then the socket closes.
        broken = true;
        ws.send(
          JSON.stringify({ message: 'Upstream failed', error: 'internal_error', code: 1011 }),
        );
        ws.close(1011);
        return;
      }
      const audio = tone(toneSamples(text, rate, msPerChar), rate);
      const chars = Array.from(text);
      for (let offset = 0; offset < audio.length && !broken; offset += chunkBytes) {
        if (ws.readyState !== ws.OPEN) return;
        if (f.kind === 'stall' && audioSent >= f.afterChunks) {
          // Nothing more, the end included: the socket stays open, silent.
          broken = true;
          return;
        }
        if (f.kind === 'reset' && audioSent >= f.afterChunks) {
          broken = true;
          socket.destroy();
          return;
        }
        if (f.kind === 'malformed' && audioSent >= f.afterChunks) {
          broken = true;
          ws.send('{"audio": ');
          return;
        }
        if (offset === 0) log.firstAudioAtMs.push(Date.now());
        const alignment =
          offset === 0
            ? {
                chars,
                charStartTimesMs: chars.map((_, i) => i * msPerChar),
                charDurationsMs: chars.map(() => msPerChar),
              }
            : null;
        ws.send(
          JSON.stringify({
            audio: audio.subarray(offset, offset + chunkBytes).toString('base64'),
            isFinal: null,
            normalizedAlignment: alignment,
            alignment,
          }),
        );
        audioSent++;
        await sleep(options.chunkIntervalMs ?? 3);
      }
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      let message: { text?: unknown; flush?: unknown };
      try {
        if (isBinary) throw new Error('binary');
        message = JSON.parse(Buffer.from(data as Buffer).toString('utf8')) as typeof message;
      } catch {
        ws.close(1008, 'Invalid message');
        return;
      }
      if (typeof message.text !== 'string') {
        ws.close(1008, 'A text field is required');
        return;
      }
      if (!log.init) {
        log.init = message;
        if (message.text !== ' ') ws.close(1008, 'The first message must be a single space');
        return;
      }
      log.texts.push({ text: message.text, atMs: Date.now() });
      if (message.text === '') return generate(true);
      buffer += message.text;
      const due = schedule[Math.min(generations, schedule.length - 1)] ?? Infinity;
      if (message.flush === true || buffer.length >= due) {
        generations++;
        generate(false);
      }
    });
  }

  return {
    url: http.url,
    connections,
    get openSockets() {
      return sockets.size;
    },
    http,
    setFault: (next) => {
      fault = next;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      wss.close();
      await http.close();
    },
  };
}

/** Refuses the upgrade as ElevenLabs' API answers errors: a status and its JSON detail. */
function refuse(
  socket: Socket,
  log: InputConnection,
  status: number,
  code: string,
  message: string,
  retryAfterS?: number,
): void {
  log.refusedWith = status;
  refuseUpgrade(
    socket,
    status,
    { detail: { status: code, message } },
    { 'Retry-After': retryAfterS },
  );
}
