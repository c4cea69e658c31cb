import type { ServerResponse } from 'node:http';
import { healthy, type Fault } from './faults.ts';
import {
  faultable,
  sleep,
  startFakeHttp,
  writeJson,
  type FakeHttpServer,
  type FaultableFake,
} from './fake-http.ts';
import { streamTone } from './pcm-tone.ts';

export interface FakeCartesiaOptions {
  /** The key the fake accepts (`Authorization: Bearer`). */
  apiKey: string;
  /** Audio per character of text (ms). Default 60. */
  msPerChar?: number;
  fault?: Fault;
}

export type FakeCartesia = FaultableFake;

/** What `GET /voices` answers: a page of two stock voices in Cartesia's shape. */
export const FAKE_CARTESIA_VOICES = [
  {
    id: '694f9389-aac1-45b6-b726-9d9369183238',
    name: 'Sarah',
    description: 'A soft, approachable voice',
    language: 'en',
    is_owner: false,
    is_public: true,
    gender: 'feminine',
    created_at: '2024-05-01T00:00:00Z',
  },
  {
    id: 'a0e99841-438c-4a64-b679-ae501e7d6091',
    name: 'Barbershop Man',
    description: 'A warm voice for conversation',
    language: 'en',
    is_owner: false,
    is_public: true,
    gender: 'masculine',
    created_at: '2024-05-01T00:00:00Z',
  },
];

const PCM_RATES = new Set([8000, 16000, 22050, 24000, 44100, 48000]);

interface TtsBody {
  model_id?: unknown;
  transcript?: unknown;
  voice?: { mode?: unknown; id?: unknown };
  output_format?: { container?: unknown; encoding?: unknown; sample_rate?: unknown };
}

/**
 * A local stand-in for Cartesia's text-to-speech API as the relay calls it: `POST /tts/bytes`
 * (a JSON body naming the model, the transcript, the voice by id and a raw `pcm_s16le` output
 * format) answered with PCM16LE of a 440 Hz tone streamed in odd-sized chunks, and the voice list
 * `GET /voices`. Checks the `Authorization: Bearer` key and the `Cartesia-Version` header.
 * Errors are `{"error": "…"}`. Faults as the other fakes (see `streamTone`); `malformed` with
 * `afterChunks: 0` answers 200 with a JSON body, `mislabelled` a JSON error labelled audio.
 */
export async function startFakeCartesia(options: FakeCartesiaOptions): Promise<FakeCartesia> {
  let fault = options.fault ?? healthy;
  const msPerChar = options.msPerChar ?? 60;

  const http: FakeHttpServer = await startFakeHttp(async (req, res) => {
    const current = fault;
    if (current.kind === 'hang') return;
    if (current.kind === 'latency') await sleep(current.ms);
    if (req.headers.authorization !== `Bearer ${options.apiKey}`)
      return error(res, 401, 'Invalid API key');
    if (typeof req.headers['cartesia-version'] !== 'string')
      return error(res, 400, 'Cartesia-Version header is required');
    const url = new URL(req.path, 'http://fake');
    if (req.method === 'GET' && url.pathname === '/voices') {
      if (current.kind === 'status') return error(res, current.status, 'Voices failed');
      const limit = Number(url.searchParams.get('limit') ?? 10);
      const data = FAKE_CARTESIA_VOICES.slice(0, limit);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data, has_more: data.length < FAKE_CARTESIA_VOICES.length }));
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/tts/bytes') return error(res, 404, 'Not found');
    let body: TtsBody;
    try {
      body = JSON.parse(req.body.toString('utf8')) as TtsBody;
    } catch {
      return error(res, 400, 'Body must be JSON');
    }
    const format = body.output_format;
    const rate = Number(format?.sample_rate);
    if (format?.container !== 'raw' || format.encoding !== 'pcm_s16le' || !PCM_RATES.has(rate))
      return error(res, 400, 'This fake only speaks raw pcm_s16le');
    if (typeof body.transcript !== 'string' || body.transcript === '')
      return error(res, 400, 'transcript is required');
    if (typeof body.model_id !== 'string' || body.voice?.mode !== 'id')
      return error(res, 400, 'model_id and voice {mode: "id", id} are required');
    if (current.kind === 'status') {
      const headers =
        current.retryAfterS === undefined ? {} : { 'retry-after': current.retryAfterS };
      return error(res, current.status, 'Injected failure', headers);
    }
    if (current.kind === 'malformed' && current.afterChunks === 0) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'chunk', data: 'AAAA', done: false }));
      return;
    }
    if (current.kind === 'mislabelled')
      return error(res, 200, 'Upstream failed', { 'content-type': 'audio/pcm' });
    const how = { msPerChar, chunkBytes: 3001, chunkIntervalMs: 3 };
    await streamTone(res, body.transcript, rate, how, current);
  });

  return faultable(http, (next) => {
    fault = next;
  });
}

/** Cartesia's error body. */
const error = (res: ServerResponse, status: number, message: string, headers = {}) =>
  writeJson(res, status, { error: message }, headers);
