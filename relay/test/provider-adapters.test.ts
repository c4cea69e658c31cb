import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pcm16ToFloat } from '@parley/shared';
import { readWav } from '../src/audio/wav.ts';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { startFakeDeepgram, type FakeDeepgram } from './fakes/deepgram-server.ts';
import { startFakeElevenLabs, type FakeElevenLabs } from './fakes/elevenlabs-server.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { writeTinyGguf } from './fixtures/tiny-gguf.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { DEV_USER_ID } from '../src/auth/identity.ts';

/**
 * Every non-OpenAI adapter in one relay, each against a local server speaking its vendor's
 * protocol (Deepgram's live WebSocket, ElevenLabs' chunked PCM) or a real local model file
 * (llama.cpp), with OpenAI-compatible transcription as the ASR fallback. Turns are spoken
 * through the headless client.
 */

const DG_KEY = 'dg-test-key-0123456789';
const EL_KEY = 'el-test-key-0123456789';
const OPENAI_KEY = 'sk-test-0123456789';

/** Records the microphone samples a client sends, in order. */
function recordSent(client: TalkClient): Int16Array[] {
  const sent: Int16Array[] = [];
  const send = client.sendChunk.bind(client);
  client.sendChunk = (chunk, turnId, timestampMs) => {
    sent.push(Int16Array.from(chunk.samples));
    send(chunk, turnId, timestampMs);
  };
  return sent;
}

/** The PCM16 samples of the WAV file in a multipart upload. */
function uploadedPcm(body: Buffer): number[] {
  const wav = readWav(body.subarray(body.indexOf('RIFF')));
  return Array.from(wav.channels[0] ?? [], (x) => Math.round(x * 0x8000));
}

async function say(text: string): Promise<Float32Array> {
  return pcm16ToFloat(
    (await synthesizeSpeech(text, { leadingSilenceMs: 300, trailingSilenceMs: 900 })).samples,
  );
}

describe('Deepgram → OpenAI transcription, llama.cpp, ElevenLabs', () => {
  let deepgram: FakeDeepgram;
  let elevenlabs: FakeElevenLabs;
  let openai: FakeOpenAi;
  let relay: TestRelay;
  let dir: string;
  let speech: Float32Array;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-gguf-'));
    const modelPath = join(dir, 'tiny.gguf');
    await writeTinyGguf(modelPath);
    deepgram = await startFakeDeepgram({ apiKey: DG_KEY, transcript: 'hello there' });
    elevenlabs = await startFakeElevenLabs({ apiKey: EL_KEY });
    openai = await startFakeOpenAi({ apiKey: OPENAI_KEY });
    openai.transcript = 'hello from the fallback';
    relay = await startTestRelay({
      ASR_PROVIDERS: 'deepgram,openai',
      LLM_PROVIDERS: 'llama-cpp',
      TTS_PROVIDERS: 'elevenlabs',
      DEEPGRAM_API_KEY: DG_KEY,
      DEEPGRAM_BASE_URL: deepgram.url,
      ELEVENLABS_API_KEY: EL_KEY,
      ELEVENLABS_BASE_URL: elevenlabs.url,
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: openai.baseUrl,
      LLM_MODEL_PATH: modelPath,
      LLAMA_CPP_CONTEXT_SIZE: '1024',
      LLAMA_CPP_THREADS: '1',
      LLM_MAX_TOKENS: '12',
      ASR_FINAL_TIMEOUT_S: '1.5',
      BREAKER_COOLDOWN_S: '600',
      HEALTH_PROBE_INTERVAL_S: '0',
    });
    speech = await say('Hello there.');
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
    await Promise.all([deepgram.close(), elevenlabs.close(), openai.close()]);
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    deepgram.setFault({ kind: 'none' });
    openai.setFault('transcription', { kind: 'none' });
    for (const slot of relay.providers.slots.asr) slot.breaker.reset();
  });

  it('streams interim results to the client, answers from the local model, speaks with ElevenLabs', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    const [turn] = await new UtteranceStreamer(client).stream(speech, {
      speed: 4,
      speculate: false,
    });
    expect(turn?.transcript).toBe('hello there');
    expect(turn?.status).toBe('completed');
    const partials = client.received.flatMap((m) =>
      m.type === 'transcript.partial' ? [m.text] : [],
    );
    expect(partials.length).toBeGreaterThan(0);
    expect(partials.at(-1)).toMatch(/^hello/);
    expect(turn?.reply.length).toBeGreaterThan(0);
    expect(turn?.replyAudioMs).toBeGreaterThan(100);
    expect(elevenlabs.requests.length).toBeGreaterThan(0);
    const saved = await relay.storage.sessions.get(DEV_USER_ID, client.ready.sessionId);
    expect(saved?.turns[0]?.providers).toEqual({
      asr: 'deepgram:nova-3',
      llm: 'llama-cpp:tiny',
      tts: 'elevenlabs:eleven_flash_v2_5',
    });
    // Exact token counts from the model's own tokenizer.
    const llm = await relay.storage.database.db
      .selectFrom('usage_ledger')
      .select(['units'])
      .where('session_id', '=', client.ready.sessionId)
      .where('stage', '=', 'llm')
      .execute();
    expect(JSON.parse(llm[0]?.units ?? '{}')).toMatchObject({ outputTokens: 12 });
    client.close();
    await expect.poll(() => deepgram.openSockets + elevenlabs.openResponses).toBe(0);
  });

  it.each([
    ['refuses the connection (HTTP 500)', { kind: 'status', status: 500 }],
    ['never answers the upgrade', { kind: 'hang' }],
    ['stalls before the final result', { kind: 'stall', afterChunks: 1 }],
    ['drops the connection', { kind: 'reset', afterChunks: 1 }],
    ['sends a malformed message', { kind: 'malformed', afterChunks: 1 }],
  ] as const)('when Deepgram %s, the kept audio is replayed to the fallback', async (_n, fault) => {
    deepgram.setFault(fault);
    const before = openai.received('transcription').length;
    const client = await TalkClient.connect(relay.wsUrl);
    const sent = recordSent(client);
    const [turn] = await new UtteranceStreamer(client).stream(speech, {
      speed: 4,
      speculate: false,
    });
    expect(turn?.transcript).toBe('hello from the fallback');
    expect(turn?.status).toBe('completed');
    const uploads = openai.received('transcription');
    expect(uploads.length).toBe(before + 1);
    // The fallback heard the whole utterance, sample for sample, replay and live audio alike.
    const spoken = sent.flatMap((chunk) => Array.from(chunk));
    expect(spoken.length).toBeGreaterThan(10 * 1600);
    expect(uploadedPcm(uploads.at(-1)!.body)).toEqual(spoken);
    const saved = await relay.storage.sessions.get(DEV_USER_ID, client.ready.sessionId);
    expect(saved?.turns[0]?.providers.asr).toBe('openai:whisper-1');
    client.close();
    await expect.poll(() => deepgram.openSockets).toBe(0);
  });

  it('offers typing when no recogniser works, and answers the typed message', async () => {
    deepgram.setFault({ kind: 'status', status: 503 });
    openai.setFault('transcription', { kind: 'status', status: 500 });
    const client = await TalkClient.connect(relay.wsUrl);
    const [spoken] = await new UtteranceStreamer(client).stream(speech, {
      speed: 4,
      speculate: false,
    });
    expect(spoken?.status).toBe('failed');
    expect(spoken?.errors.join(' ')).toMatch(/Type your message instead/);
    client.send({ type: 'user.text', turnId: 2, text: 'typed hello' });
    const typed = await client.waitForTurn(2);
    expect(typed.status).toBe('completed');
    expect(typed.transcript).toBe('typed hello');
    expect(typed.replyText.length).toBeGreaterThan(0);
    client.close();
  });
});
