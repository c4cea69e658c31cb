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
import { streamTone, toneSample, toneSamples } from './pcm-tone.ts';

export interface FakeElevenLabsOptions {
  /** The key the fake accepts in `xi-api-key`. */
  apiKey: string;
  /** Audio per character of text (ms). Default 60. */
  msPerChar?: number;
  /** Body chunk size (bytes). Default 3,001: odd, so samples straddle chunks. */
  chunkBytes?: number;
  /** Pause between chunks (ms). Default 3. */
  chunkIntervalMs?: number;
  fault?: Fault;
}

export type FakeElevenLabs = FaultableFake;

const PCM_RATES = new Set([8000, 16000, 22050, 24000, 44100, 48000]);

/**
 * What `GET /v1/voices` answers: two premade voices in ElevenLabs' shape (fields the relay does
 * not read included, as the real API sends them).
 */
export const FAKE_VOICES = [
  {
    voice_id: '21m00Tcm4TlvDq8ikWAM',
    name: 'Rachel',
    samples: null,
    category: 'premade',
    fine_tuning: { is_allowed_to_fine_tune: true, state: {}, verification_failures: [] },
    labels: {
      accent: 'american',
      description: 'calm',
      age: 'young',
      gender: 'female',
      use_case: 'narration',
    },
    description: null,
    preview_url: 'https://storage.googleapis.com/eleven-public-prod/premade/voices/rachel.mp3',
    available_for_tiers: [],
    settings: null,
    sharing: null,
    high_quality_base_model_ids: ['eleven_turbo_v2', 'eleven_multilingual_v2'],
    is_owner: false,
    is_legacy: false,
    is_mixed: false,
    created_at_unix: null,
  },
  {
    voice_id: 'JBFqnCBsd6RMkjVDRZzb',
    name: 'George',
    samples: null,
    category: 'premade',
    labels: { accent: 'british', description: 'warm', age: 'middle aged', gender: 'male' },
    description: null,
    preview_url: 'https://storage.googleapis.com/eleven-public-prod/premade/voices/george.mp3',
    available_for_tiers: [],
    settings: null,
    sharing: null,
    high_quality_base_model_ids: ['eleven_turbo_v2', 'eleven_multilingual_v2'],
    is_owner: false,
    is_legacy: false,
    is_mixed: false,
    created_at_unix: null,
  },
];
export { toneSample, toneSamples };

/**
 * A local stand-in for ElevenLabs' streaming text-to-speech endpoint, its voice list
 * (`GET /v1/voices`) and model list (`GET /v1/models`)
 * (`POST /v1/text-to-speech/:voice/stream?output_format=pcm_<rate>`): checks `xi-api-key`,
 * answers `audio/pcm` PCM16LE of a 440 Hz tone, `msPerChar` per character of text, in odd-sized
 * chunks a few ms apart. Errors use ElevenLabs' `{"detail":{"status","message"}}` body.
 *
 * Faults (`afterChunks` counts audio chunks): `malformed` with `afterChunks: 0` answers 200 with
 * a JSON body (`application/json`), as a misrouted request would; with `afterChunks > 0` it sends
 * that many good chunks, then one stray byte, and ends: the body stops in the middle of a sample.
 * `misaligned` slips a stray byte in after `afterChunks` chunks and goes on; `mislabelled` answers
 * 200 `audio/pcm` with a JSON error body.
 */
export async function startFakeElevenLabs(options: FakeElevenLabsOptions): Promise<FakeElevenLabs> {
  let fault = options.fault ?? healthy;
  const msPerChar = options.msPerChar ?? 60;
  const chunkBytes = options.chunkBytes ?? 3001;
  const chunkIntervalMs = options.chunkIntervalMs ?? 3;

  const http: FakeHttpServer = await startFakeHttp(async (req, res) => {
    const current = fault;
    if (current.kind === 'hang') return;
    if (current.kind === 'latency') await sleep(current.ms);
    if (req.headers['xi-api-key'] !== options.apiKey) {
      return error(res, 401, 'invalid_api_key', 'Invalid API key');
    }
    const url = new URL(req.path, 'http://fake');
    if (req.method === 'GET' && url.pathname === '/v1/models') {
      if (current.kind === 'status') return error(res, current.status, 'error', 'Probe failed');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify([{ model_id: 'eleven_flash_v2_5', name: 'Eleven Flash v2.5' }]));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/v1/voices') {
      if (current.kind === 'status') return error(res, current.status, 'error', 'Voices failed');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          voices: FAKE_VOICES,
          has_more: false,
          total_count: FAKE_VOICES.length,
          next_page_token: null,
        }),
      );
      return;
    }
    const match = /^\/v1\/text-to-speech\/([^/]+)\/stream$/.exec(url.pathname);
    if (req.method !== 'POST' || !match) return error(res, 404, 'not_found', 'Not found');
    const format = /^pcm_(\d+)$/.exec(url.searchParams.get('output_format') ?? '');
    const sampleRateHz = Number(format?.[1]);
    if (!PCM_RATES.has(sampleRateHz)) {
      return error(res, 400, 'invalid_output_format', 'This fake only speaks pcm_<rate>');
    }
    let text: unknown;
    try {
      text = (JSON.parse(req.body.toString('utf8')) as { text?: unknown }).text;
    } catch {
      text = undefined;
    }
    if (typeof text !== 'string' || !text) {
      return error(res, 400, 'invalid_request', 'Body must be JSON with a text field');
    }
    if (current.kind === 'status') {
      const headers =
        current.retryAfterS === undefined ? {} : { 'retry-after': current.retryAfterS };
      return error(res, current.status, 'injected_failure', 'Injected failure', headers);
    }
    if (current.kind === 'malformed' && current.afterChunks === 0) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ audio_base64: 'AAAA', alignment: null }));
      return;
    }
    if (current.kind === 'mislabelled') {
      return error(res, 200, 'internal_error', 'Upstream failed', { 'content-type': 'audio/pcm' });
    }
    await streamTone(res, text, sampleRateHz, { msPerChar, chunkBytes, chunkIntervalMs }, current);
  });

  return faultable(http, (next) => {
    fault = next;
  });
}

function error(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string | number> = {},
): void {
  writeJson(res, status, { detail: { status: code, message } }, headers);
}
