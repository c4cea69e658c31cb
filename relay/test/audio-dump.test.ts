import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_SAMPLES, pcm16ToFloat } from '@parley/shared';
import { readWav } from '../src/audio/wav.ts';
import type { DumpRecord } from '../src/observability/audio-dump.ts';
import { APOLOGY } from '../src/pipeline/turn.ts';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { scrapeRelay } from './prometheus-text.ts';

const KEY = 'sk-audio-dump-test-key-0123456789';
const DAY_MS = 24 * 3_600_000;

/** A leftover dump file last modified `ageMs` ago. */
function leftover(dir: string, name: string, ageMs: number): string {
  const path = join(dir, name);
  writeFileSync(path, 'old');
  const t = (Date.now() - ageMs) / 1000;
  utimesSync(path, t, t);
  return path;
}

function readRecord(path: string): DumpRecord | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DumpRecord;
  } catch {
    return null; // not there yet, or still being written
  }
}

describe('DEBUG_AUDIO_DUMP: failed turns are kept for a day', () => {
  let openai: FakeOpenAi;
  let relay: TestRelay;
  let dumpDir: string;
  let stale: string;
  let recent: string;
  beforeAll(async () => {
    openai = await startFakeOpenAi({ apiKey: KEY });
    dumpDir = mkdtempSync(join(tmpdir(), 'parley-dumps-'));
    stale = leftover(dumpDir, 'oldsession-3.wav', DAY_MS + 60_000);
    recent = leftover(dumpDir, 'oldsession-4.json', DAY_MS - 3_600_000);
    relay = await startTestRelay({
      LLM_PROVIDERS: 'openai',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: openai.baseUrl,
      OPENAI_LLM_MODEL: 'gpt-4o-mini',
      HEALTH_PROBE_INTERVAL_S: '0',
      // Failed turns must not open the breaker: a later turn has to reach the server.
      BREAKER_FAILURES: '100',
      DEBUG_AUDIO_DUMP: '1',
      // The turn must fail at the LLM, never at the ASR (see TEST_RELAY_ENV's 60 s bound).
      POCKETSPHINX_SPARES: '1',
      DEBUG_AUDIO_DIR: dumpDir,
    });
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
    await openai.close();
    rmSync(dumpDir, { recursive: true, force: true });
  });

  it('deletes dumps older than 24 h when the relay starts', async () => {
    await expect.poll(() => existsSync(stale)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });

  it('writes the utterance (WAV) and the turn (JSON) of a failed spoken turn', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      openai.setFault('chat', { kind: 'status', status: 500 });
      const speech = await synthesizeSpeech('What time is it?', {
        leadingSilenceMs: 300,
        trailingSilenceMs: 900,
      });
      const [turn] = await new UtteranceStreamer(client).stream(pcm16ToFloat(speech.samples), {
        speed: 4,
      });
      expect(turn?.status).toBe('failed');
      expect(turn?.turnId).toBe(1);

      const sessionId = client.ready.sessionId;
      const base = join(dumpDir, `${sessionId}-1`);
      await expect.poll(() => readRecord(`${base}.json`)).not.toBeNull();
      const text = readFileSync(`${base}.json`, 'utf8');
      const record = JSON.parse(text) as DumpRecord;
      // The terminal client sends no trace id: the relay's, as turn.done gave it back.
      const done = client.received.find((m) => m.type === 'turn.done' && m.turnId === 1);
      expect(record.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(record).toMatchObject({
        v: 1,
        sessionId,
        turnId: 1,
        traceId: done?.type === 'turn.done' ? done.traceId : 'no turn.done',
        input: 'spoken',
        status: 'failed',
        transcript: 'what time is it',
        reply: APOLOGY,
        servedBy: { asr: 'pocketsphinx' },
        audio: { file: `${sessionId}-1.wav`, sampleRateHz: 16_000, truncated: false },
      });
      expect(record.errors.map((e) => e.code)).toEqual(['llm-failed']);
      expect(record.timings.asrFinalMs).toBeGreaterThan(0);
      expect(record.marks.endReceivedAtMs).toBeGreaterThan(0);
      expect(record.marks.doneAtMs).toBeGreaterThanOrEqual(record.marks.endReceivedAtMs ?? 0);
      expect(Date.now() - Date.parse(record.createdAt)).toBeLessThan(60_000);
      // No secrets: not the provider's key, not the session's resume secret.
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(client.ready.resumeSecret);

      // The audio is the utterance the relay received: whole 100 ms frames of 16 kHz speech.
      const wav = readWav(readFileSync(`${base}.wav`));
      expect(wav.sampleRateHz).toBe(16_000);
      expect(wav.channels).toHaveLength(1);
      const samples = wav.channels[0]!;
      expect(samples.length).toBe(record.audio?.samples);
      expect(samples.length % CHUNK_SAMPLES).toBe(0);
      expect(samples.length).toBeGreaterThan(16_000 * 0.8);
      expect(samples.length).toBeLessThan(speech.samples.length + 16_000);
      expect(samples.reduce((max, x) => Math.max(max, Math.abs(x)), 0)).toBeGreaterThan(0.05);

      // A turn that works leaves nothing behind; a failed typed one leaves its JSON only.
      openai.setFault('chat', { kind: 'none' });
      client.send({ type: 'user.text', turnId: 2, text: 'hello' });
      expect((await client.waitForTurn(2)).status).toBe('completed');
      openai.setFault('chat', { kind: 'status', status: 500 });
      client.send({ type: 'user.text', turnId: 3, text: 'hello again' });
      expect((await client.waitForTurn(3)).status).toBe('failed');
      await expect
        .poll(() => readRecord(join(dumpDir, `${sessionId}-3.json`))?.input)
        .toBe('typed');
      const names = readdirSync(dumpDir).filter((n) => n.startsWith(sessionId));
      expect(names.sort()).toEqual([
        `${sessionId}-1.json`,
        `${sessionId}-1.wav`,
        `${sessionId}-3.json`,
      ]);
    } finally {
      openai.setFault('chat', { kind: 'none' });
      client.close();
    }
  });
});

describe('DEBUG_AUDIO_DUMP when speech recognition fails', () => {
  it('fails the turn (even one answered speculatively at a pause) and dumps its audio', async () => {
    const openai = await startFakeOpenAi({ apiKey: KEY });
    openai.setFault('transcription', { kind: 'status', status: 500 });
    const relay = await startTestRelay({
      ASR_PROVIDERS: 'openai',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: openai.baseUrl,
      HEALTH_PROBE_INTERVAL_S: '0',
      DEBUG_AUDIO_DUMP: '1',
    });
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      const speech = await synthesizeSpeech('What time is it?', {
        leadingSilenceMs: 300,
        trailingSilenceMs: 900,
      });
      const [turn] = await new UtteranceStreamer(client).stream(pcm16ToFloat(speech.samples), {
        replyTimeoutMs: 10_000,
        speed: 4,
      });
      expect((await scrapeRelay(relay)).value('parley_speculations_total')).toBeGreaterThan(0);
      expect(turn?.status).toBe('failed');
      expect(turn?.errors.map((e) => e.split(':')[0])).toEqual(['asr-failed']);
      const base = join(relay.dataDir, 'audio-dumps', `${client.ready.sessionId}-1`);
      await expect.poll(() => readRecord(`${base}.json`)?.errors[0]?.code).toBe('asr-failed');
      expect(readRecord(`${base}.json`)?.transcript).toBe('');
      expect(readWav(readFileSync(`${base}.wav`)).channels[0]?.length).toBeGreaterThan(16_000);
      // A recognition that failed (HTTP 500, speculative or not) is not billed: no ledger row.
      const asrLedger = await relay.storage.database.db
        .selectFrom('usage_ledger')
        .select(['units', 'speculative'])
        .where('session_id', '=', client.ready.sessionId)
        .where('stage', '=', 'asr')
        .execute();
      expect(asrLedger).toEqual([]);
      expect(openai.received('transcription').length).toBeGreaterThan(1);
    } finally {
      client.close();
      await relay.close();
      await openai.close();
    }
  });
});

describe('without DEBUG_AUDIO_DUMP', () => {
  it('writes nothing for a failed turn', async () => {
    const openai = await startFakeOpenAi({ apiKey: KEY });
    openai.setFault('chat', { kind: 'status', status: 500 });
    const relay = await startTestRelay({
      LLM_PROVIDERS: 'openai',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: openai.baseUrl,
      HEALTH_PROBE_INTERVAL_S: '0',
    });
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      client.send({ type: 'user.text', turnId: 1, text: 'hello' });
      expect((await client.waitForTurn(1)).status).toBe('failed');
      expect(existsSync(join(relay.dataDir, 'audio-dumps'))).toBe(false);
    } finally {
      client.close();
      await relay.close();
      await openai.close();
    }
  });
});
