import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcm16ToFloat, PROTOCOL_VERSION } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { RawClient, ticket } from './clients.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { parseExposition, type Exposition } from './prometheus-text.ts';

/**
 * `/metrics` of a real relay (embedded providers) after turns driven by the headless client.
 * Voice-to-voice is counted for spoken turns only: a typed turn has no `utterance.end`, so no
 * end of speech to measure from.
 */

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

async function scrape(relay: TestRelay, headers: Record<string, string> = {}): Promise<Exposition> {
  const res = await fetch(`${relay.url}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return parseExposition(await res.text());
}

/** GET /metrics with a Host header of our choosing (fetch does not let us set it). */
function getWithHost(relay: TestRelay, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${relay.url}/metrics`, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Waits until the relay has handled everything `client` sent so far: a typed message with a
 * used turn id is refused with an error, which comes back after every earlier message's effect.
 */
async function roundTrip(client: TalkClient): Promise<void> {
  const before = client.errors.length;
  client.send({ type: 'user.text', turnId: 1, text: 'an old turn id' });
  await expect.poll(() => client.errors.length).toBe(before + 1);
  expect(client.errors.at(-1)?.code).toBe('unknown-turn');
}

async function say(text: string): Promise<Float32Array> {
  return pcm16ToFloat(
    (await synthesizeSpeech(text, { leadingSilenceMs: 300, trailingSilenceMs: 900 })).samples,
  );
}

describe('GET /metrics (no METRICS_TOKEN: this machine only)', () => {
  let relay: TestRelay;
  let client: TalkClient;
  beforeAll(async () => {
    relay = await startTestRelay({ HEALTH_PROBE_INTERVAL_S: '0' });
    client = await TalkClient.connect(relay.wsUrl);
  });
  afterAll(async () => {
    client.close();
    await closeSynthesizers();
    await relay.close();
  });

  it('starts at zero, with the live connection, session and providers', async () => {
    const m = await scrape(relay);
    expect(m.value('parley_connections_active')).toBe(1);
    expect(m.value('parley_sessions_active')).toBe(1);
    expect(m.value('parley_sessions_started_total')).toBe(1);
    expect(m.series('parley_turns_total')).toEqual([]);
    const health = m.series('parley_provider_health');
    expect(health.map((s) => s.labels)).toEqual(
      expect.arrayContaining([
        { provider: 'pocketsphinx', stage: 'asr' },
        { provider: 'offline-responder', stage: 'llm' },
        { provider: 'flite', stage: 'tts' },
      ]),
    );
    expect(health.every((s) => s.value === 0)).toBe(true);
    expect(m.typeOf('process_cpu_user_seconds_total')).toBe('COUNTER');
    // User and system time together: Linux splits a short window's CPU between them by ticks, so
    // either alone can read 0 right after the collector starts; their sum cannot.
    expect(m.value('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(m.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('observes a spoken and a typed turn, and the voice-to-voice the client reports', async () => {
    const streamer = new UtteranceStreamer(client);
    const [spoken] = await streamer.stream(await say('What time is it?'), { speed: 4 });
    expect(spoken?.status).toBe('completed');
    const typed = await (async () => {
      client.send({ type: 'user.text', turnId: 2, text: 'hello there' });
      return client.waitForTurn(2);
    })();
    expect(typed.status).toBe('completed');
    const done = client.received.find((m) => m.type === 'turn.done' && m.turnId === 1);
    const servedBy = done?.type === 'turn.done' ? done.servedBy : undefined;

    let m = await scrape(relay);
    expect(m.value('parley_turns_total', { status: 'completed' })).toBe(2);
    const asr = m.histogram('parley_asr_final_seconds', { provider: servedBy?.asr ?? '?' });
    expect(asr?.count).toBe(1); // the typed turn had no recognition
    expect(asr?.sum).toBeCloseTo((spoken?.timings.asrFinalMs ?? NaN) / 1000, 3);
    const llm = m.histogram('parley_llm_first_token_seconds', { provider: 'offline-responder' });
    expect(llm?.count).toBe(2);
    expect(m.histogram('parley_tts_first_audio_seconds', { provider: 'flite' })?.count).toBe(2);
    const relaySpoken = m.histogram('parley_relay_first_audio_seconds', { input: 'spoken' });
    expect(relaySpoken?.count).toBe(1);
    expect(relaySpoken?.sum).toBeCloseTo((spoken?.timings.relayFirstAudioMs ?? NaN) / 1000, 3);
    expect(m.histogram('parley_relay_first_audio_seconds', { input: 'typed' })?.count).toBe(1);
    expect(m.histogram('parley_voice_to_voice_seconds')?.count).toBe(0);
    // One transcription (the typed turn is none), and both replies' whole synthesis.
    expect(m.value('parley_transcriptions_total', { outcome: 'succeeded' })).toBe(1);
    expect(m.value('parley_transcriptions_total', { outcome: 'failed' })).toBe(0);
    const synthesis = m.histogram('parley_tts_synthesis_seconds', { provider: 'flite' });
    expect(synthesis?.count).toBe(2);
    expect(spoken?.timings.ttsTotalMs).toBeGreaterThanOrEqual(spoken?.timings.ttsFirstAudioMs ?? 0);
    expect(synthesis?.sum).toBeCloseTo(
      ((spoken?.timings.ttsTotalMs ?? NaN) + (typed.relayTimings.ttsTotalMs ?? NaN)) / 1000,
      3,
    );

    // The client's player reports when each reply started playing (its clock). The typed
    // turn's report is ignored; the spoken one's is measured from the end of speech.
    const playedAtMs = (turnId: number) => client.turns.get(turnId)?.firstAudioAtMs ?? NaN;
    client.send({ type: 'playback.started', turnId: 2, playedAtMs: playedAtMs(2) });
    client.send({ type: 'playback.started', turnId: 1, playedAtMs: playedAtMs(1) });
    // Once per turn: a second report of the same turn is not counted.
    client.send({ type: 'playback.started', turnId: 1, playedAtMs: playedAtMs(1) + 500 });
    await roundTrip(client);
    m = await scrape(relay);
    const v2v = m.histogram('parley_voice_to_voice_seconds');
    expect(v2v?.count).toBe(1);
    expect(v2v?.sum).toBeCloseTo((spoken?.timings.voiceToVoiceMs ?? NaN) / 1000, 3);
  });

  it('counts barge-ins and every error sent, by code', async () => {
    const first = client.turns.get(1)?.segments[0]?.startSample ?? 0;
    client.send({ type: 'interrupt', turnId: 1, playedSamples: first + 1600 });
    await roundTrip(client);
    const m = await scrape(relay);
    expect(m.value('parley_barge_ins_total')).toBe(1);
    const sent = client.errors.filter((e) => e.code === 'unknown-turn').length;
    expect(sent).toBe(2);
    expect(m.value('parley_errors_total', { code: 'unknown-turn' })).toBe(sent);
    expect(m.series('parley_errors_total')).toHaveLength(1);
  });

  it('counts a resume of a live session', async () => {
    const raw = await RawClient.open(relay.wsUrl);
    raw.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      outputSampleRateHz: 16_000,
      ticket: await ticket(relay),
      resume: {
        sessionId: client.ready.sessionId,
        secret: client.ready.resumeSecret,
        lastSeq: -1,
      },
    });
    expect((await raw.next('ready')).resumed).toBe(true);
    const m = await scrape(relay);
    expect(m.value('parley_reconnects_total')).toBe(1);
    expect(m.value('parley_resumes_total', { from: 'memory' })).toBe(1);
    expect(m.value('parley_sessions_started_total')).toBe(1);
    raw.ws.close(1000);
  });

  it('refuses requests a proxy forwarded or addressed to another host', async () => {
    const forwarded = await fetch(`${relay.url}/metrics`, {
      headers: { 'X-Forwarded-For': '203.0.113.9' },
    });
    expect(forwarded.status).toBe(403);
    expect(((await forwarded.json()) as { error: string }).error).toBe('forbidden');
    // A page whose DNS name was rebound to 127.0.0.1 still sends its own Host.
    expect(await getWithHost(relay, 'attacker.example')).toBe(403);
    expect(await getWithHost(relay, `localhost:${relay.port}`)).toBe(200);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({ HEALTH_PROBE_INTERVAL_S: '0', METRICS_TOKEN });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('answers 401 without the token or with a wrong one, loopback included', async () => {
    for (const headers of [
      {},
      { Authorization: 'Bearer wrong-token-wrong-token-wrong-token' },
      { Authorization: METRICS_TOKEN },
    ]) {
      const res = await fetch(`${relay.url}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = await res.text();
      expect(body).not.toContain('parley_');
      expect(body).not.toContain(METRICS_TOKEN);
    }
  });

  it('serves the metrics to the bearer of the token, from anywhere', async () => {
    const m = await scrape(relay, {
      Authorization: `Bearer ${METRICS_TOKEN}`,
      'X-Forwarded-For': '203.0.113.9',
    });
    expect(m.value('parley_sessions_active')).toBe(0);
    expect(m.value('parley_connections_active')).toBe(0);
  });

  it('refuses a token shorter than 24 characters at start', async () => {
    await expect(startTestRelay({ METRICS_TOKEN: 'short' })).rejects.toThrow(/METRICS_TOKEN/);
  });
});
