import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  heardScript,
  type HeardWord,
  type ResultMarks,
  type SpeechScript,
} from './deepgram-script.ts';
import { healthy, type Fault } from './faults.ts';
import { refuseUpgrade, upgradeAnswered } from './upgrade-faults.ts';

/** One connection attempt the fake received, for assertions. */
interface DeepgramConnection {
  path: string;
  /** Query parameters of the upgrade request (model, sample_rate, …). */
  query: Record<string, string>;
  /** Whether `Authorization: Token <expected key>` was sent (the header itself is not kept). */
  authorized: boolean;
  /** The upgrade request's `traceparent` header (tracing on), if it had one. */
  traceparent?: string;
  /** HTTP status the upgrade was refused with, if it was. */
  refusedWith?: number;
  /** Audio received (bytes). */
  audioBytes: number;
  /** `type` of every JSON message received (Finalize, KeepAlive, CloseStream…), in order. */
  controls: string[];
  /** Messages sent to the client, malformed ones included. */
  sent: number;
}

export interface FakeDeepgramOptions {
  /** The key the fake accepts. */
  apiKey: string;
  /** What the "speaker" says. Default 'hello world'. */
  transcript?: string;
  /**
   * Audio per revealed word: an interim result goes out each time this much more arrives (ms).
   * Default 100.
   */
  msPerWord?: number;
  /** An `is_final` result every this many words of audio (0: only at Finalize). Default 0. */
  wordsPerFinal?: number;
  /** Mark the result flushed by Finalize `from_finalize` (Deepgram may not). Default true. */
  fromFinalize?: boolean;
  /**
   * Also send `SpeechStarted` at the first audio and `UtteranceEnd` before the flushed result,
   * as Deepgram does with `vad_events` / `utterance_end_ms`. Default false.
   */
  vadEvents?: boolean;
  /**
   * What the speaker says, at its times (deepgram-script.ts), instead of `transcript`: each word
   * goes out in an interim result `wordDelayMs` after the audio holding its end arrived, an
   * endpoint (the query's `endpointing`, Deepgram's default 10 ms) in a `speech_final` result
   * after the same delay, and `Finalize` flushes the words the audio holds after it too.
   */
  script?: SpeechScript;
  /** With a script: the recogniser's time from a word's audio to its result (ms). Default 200. */
  wordDelayMs?: number;
  fault?: Fault;
}

export interface FakeDeepgram {
  /** ws://127.0.0.1:port, to use as the adapter's `baseUrl`. */
  url: string;
  connections: DeepgramConnection[];
  /** TCP connections still open (upgraded or not): 0 once the client let go of every socket. */
  readonly openSockets: number;
  setFault(fault: Fault): void;
  setTranscript(text: string): void;
  /** What new connections hear (see `FakeDeepgramOptions.script`); null: the transcript. */
  setScript(script: SpeechScript | null): void;
  close(): Promise<void>;
}

const MODEL_UUID = '1abfe86b-e047-4eed-858a-35e5625b41ee';

/**
 * A local stand-in for Deepgram's live transcription WebSocket (`/v1/listen`) that speaks its real
 * message shapes: interim `Results` revealing a configured transcript word by word as audio
 * arrives, a `from_finalize` result on `Finalize`, `Metadata` and a 1000 close on `CloseStream`.
 * Faults apply to new connections; `afterChunks` counts messages sent to the client.
 */
export async function startFakeDeepgram(options: FakeDeepgramOptions): Promise<FakeDeepgram> {
  let fault = options.fault ?? healthy;
  let transcript = options.transcript ?? 'hello world';
  let script = options.script ?? null;
  const connections: DeepgramConnection[] = [];
  const sockets = new Set<Socket>();
  // Plain HTTP: the model list (`GET /v1/models`, its real shape); anything else wants a socket.
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://fake').pathname !== '/v1/models') {
      res.writeHead(426).end('Upgrade Required');
      return;
    }
    const json = (status: number, body: object) =>
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Token ${options.apiKey}`)
      return json(401, {
        err_code: 'INVALID_AUTH',
        err_msg: 'Invalid credentials.',
        request_id: '00000000-0000-0000-0000-000000000000',
      });
    const stt = (name: string) => ({
      name,
      canonical_name: name,
      architecture: name.split('-')[0],
      languages: ['en'],
      version: '2025-01-01.0',
      uuid: MODEL_UUID,
      batch: true,
      streaming: true,
      formatted_output: true,
    });
    json(200, {
      stt: [stt('nova-3'), stt('nova-2')],
      tts: [{ name: 'aura-2-thalia-en', canonical_name: 'aura-2-thalia-en', uuid: MODEL_UUID }],
    });
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const log: DeepgramConnection = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorized: req.headers.authorization === `Token ${options.apiKey}`,
      ...(req.headers.traceparent === undefined
        ? {}
        : { traceparent: String(req.headers.traceparent) }),
      audioBytes: 0,
      controls: [],
      sent: 0,
    };
    connections.push(log);
    const current = fault;
    void (async (): Promise<void> => {
      if (!(await upgradeAnswered(socket, current))) return;
      if (!log.authorized) refuse(socket, log, 401, 'INVALID_AUTH', 'Invalid credentials.');
      else if (log.path !== '/v1/listen') refuse(socket, log, 404, 'NOT_FOUND', 'Not found.');
      else if (current.kind === 'status') {
        refuse(socket, log, current.status, 'FAULT', 'Injected failure.', current.retryAfterS);
      } else {
        wss.handleUpgrade(req, socket, head, (ws) => {
          const heard = script ? { script } : {};
          serve(ws, socket, log, current, { ...options, transcript, ...heard });
        });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    connections,
    get openSockets() {
      return sockets.size;
    },
    setFault: (next) => {
      fault = next;
    },
    setTranscript: (text) => {
      transcript = text;
    },
    setScript: (next) => {
      script = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

/** Refuses the upgrade the way Deepgram does: an HTTP error with a JSON body and `dg-error`. */
function refuse(
  socket: Socket,
  log: DeepgramConnection,
  status: number,
  code: string,
  message: string,
  retryAfterS?: number,
): void {
  log.refusedWith = status;
  const body = { err_code: code, err_msg: message, request_id: randomUUID() };
  refuseUpgrade(socket, status, body, { 'dg-error': message, 'Retry-After': retryAfterS });
}

/** One live transcription session. */
function serve(
  ws: WebSocket,
  socket: Socket,
  log: DeepgramConnection,
  fault: Fault,
  options: FakeDeepgramOptions & { transcript: string },
): void {
  const words = options.transcript.split(/\s+/).filter(Boolean);
  const sampleRateHz = Number(log.query.sample_rate ?? 16000);
  const channels = Number(log.query.channels ?? 1);
  const msPerWord = options.msPerWord ?? 100;
  const wordsPerFinal = options.wordsPerFinal ?? 0;
  const requestId = randomUUID();
  let revealed = 0;
  let finalized = 0;
  let stalled = false;

  const audioSeconds = () => log.audioBytes / (2 * channels * sampleRateHz);
  /** Sends one message, applying the fault; false once nothing more may be sent. */
  const send = (message: object): boolean => {
    if (stalled) return false;
    const n = log.sent;
    if (fault.kind === 'stall' && n >= fault.afterChunks) {
      stalled = true;
      return false;
    }
    if (fault.kind === 'reset' && n >= fault.afterChunks) {
      stalled = true;
      socket.destroy();
      return false;
    }
    log.sent++;
    if (fault.kind === 'malformed' && n === fault.afterChunks) ws.send('{"type":"Results","chan');
    else ws.send(JSON.stringify(message));
    return true;
  };
  const results = (
    from: number,
    to: number,
    final: { isFinal: boolean; fromFinalize: boolean },
  ) => {
    const secondsPerWord = msPerWord / 1000;
    const timed = words.slice(from, to).map((word, i) => ({
      word,
      start: (from + i) * secondsPerWord,
      end: (from + i + 1) * secondsPerWord,
    }));
    return resultsOf(timed, from * secondsPerWord, final);
  };
  /** A `Results` message of `timed` words, its audio from `start` (s). */
  const resultsOf = (
    timed: readonly HeardWord[],
    start: number,
    final: ResultMarks,
    end = audioSeconds(),
  ) => {
    const span = timed.map(({ word, start, end }) => ({
      word: word.toLowerCase().replace(/[^\p{L}\p{N}']/gu, ''),
      start,
      end,
      confidence: 0.98,
      punctuated_word: word,
    }));
    return {
      type: 'Results',
      channel_index: [0, 1],
      duration: Math.max(0, end - start),
      start,
      is_final: final.isFinal,
      speech_final: final.speechFinal ?? final.fromFinalize,
      from_finalize: final.fromFinalize,
      channel: {
        alternatives: [
          { transcript: timed.map((w) => w.word).join(' '), confidence: 0.98, words: span },
        ],
      },
      metadata: {
        request_id: requestId,
        model_info: { name: 'general-nova-3', version: '2024-12-20.0', arch: 'nova-3' },
        model_uuid: MODEL_UUID,
      },
    };
  };
  // Deepgram's endpointing: on unless `endpointing=false`, 10 ms of silence unless told.
  const endpointing = log.query.endpointing ?? '10';
  const scripted = options.script
    ? heardScript(
        options.script,
        options.wordDelayMs ?? 200,
        endpointing === 'false' ? null : Number(endpointing),
      )
    : null;
  const onAudio = (audio: Buffer) => {
    const bytes = audio.length;
    if (options.vadEvents && log.audioBytes === 0) {
      send({ type: 'SpeechStarted', channel: [0, 1], timestamp: 0 });
    }
    log.audioBytes += bytes;
    if (scripted) {
      scripted.audio(audio, send, resultsOf);
      return;
    }
    const reveal = Math.min(words.length, Math.floor((audioSeconds() * 1000) / msPerWord));
    if (reveal <= revealed) return;
    revealed = reveal;
    if (wordsPerFinal > 0 && revealed - finalized >= wordsPerFinal) {
      send(results(finalized, finalized + wordsPerFinal, { isFinal: true, fromFinalize: false }));
      finalized += wordsPerFinal;
    } else {
      send(results(finalized, revealed, { isFinal: false, fromFinalize: false }));
    }
  };
  const flush = (fromFinalize: boolean) => {
    if (scripted) {
      scripted.flush(fromFinalize, send, resultsOf);
      return;
    }
    if (finalized >= words.length && !fromFinalize) return;
    send(results(finalized, words.length, { isFinal: true, fromFinalize }));
    finalized = revealed = words.length;
  };
  const onControl = (text: string) => {
    let type = 'unparseable';
    try {
      type = String((JSON.parse(text) as { type?: unknown }).type);
    } catch {
      // Recorded as 'unparseable'; Deepgram ignores it too.
    }
    log.controls.push(type);
    if (type === 'Finalize') {
      if (options.vadEvents) {
        send({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: audioSeconds() });
      }
      flush(options.fromFinalize ?? true);
    }
    if (type === 'CloseStream') {
      flush(false);
      const metadata = {
        type: 'Metadata',
        transaction_key: 'deprecated',
        request_id: requestId,
        sha256: '0'.repeat(64),
        created: new Date().toISOString(),
        duration: audioSeconds(),
        channels,
        models: [MODEL_UUID],
        model_info: {
          [MODEL_UUID]: { name: 'general-nova-3', version: '2024-12-20.0', arch: 'nova-3' },
        },
      };
      if (send(metadata)) ws.close(1000);
    }
  };
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const buffer = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(new Uint8Array(data));
    if (isBinary) onAudio(buffer);
    else onControl(buffer.toString('utf8'));
  });
  ws.on('error', () => undefined);
  ws.on('close', () => scripted?.close());
}
