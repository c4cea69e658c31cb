import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthResponse } from '@parley/shared';
import { startRelay, type RunningRelay } from '../src/server/start.ts';
import { helloFor, micFrame, RawClient } from './clients.ts';
import { fakeProviderSet, ZERO_LATENCY } from './fakes/providers/provider-set.ts';
import { TEST_RELAY_ENV } from './relay-process.ts';

const ADMIN = 'health-admin-token-0123456789abcdef';

/**
 * `GET /health` says what a monitor watches: whether speech can be recognised and when it last
 * was, connections, uptime and memory. A relay with the in-process fake recogniser, so that an
 * utterance is transcribed without a decoder.
 */
describe('GET /health', () => {
  let relay: RunningRelay;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-health-'));
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      WEB_DIST: 'none',
      DATA_DIR: dataDir,
      ...TEST_RELAY_ENV,
      ADMIN_TOKEN: ADMIN,
    };
    relay = await startRelay(env, fakeProviderSet(ZERO_LATENCY).set);
  });
  afterAll(async () => {
    await relay.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const health = async () => {
    const res = await fetch(`${relay.url}/health`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(ADMIN);
    return healthResponse.parse(JSON.parse(text));
  };

  it('says the recogniser is ready, when it last transcribed and how long that took, connections, uptime and memory', async () => {
    const before = await health();
    expect(before).toMatchObject({
      status: 'ok',
      recognizerReady: true,
      lastTranscriptAtMs: null,
      lastTranscriptionMs: null,
      connections: 0,
      providers: { asr: 'fake-asr', llm: 'fake-llm', tts: 'fake-tts' },
    });
    expect(before.uptimeS).toBeGreaterThanOrEqual(0);
    expect(before.memoryMb.rss).toBeGreaterThan(10);
    expect(before.memoryMb.heapUsed).toBeGreaterThan(1);
    expect(before.memoryMb.heapUsed).toBeLessThan(before.memoryMb.rss);

    const c = await RawClient.open(relay.url.replace('http', 'ws') + '/ws');
    c.send(await helloFor(relay));
    await c.next('ready');
    // A typed message is no transcription.
    c.send({ type: 'user.text', turnId: 1, text: 'hello', speak: false });
    await c.next('turn.done');
    expect((await health()).lastTranscriptAtMs).toBeNull();

    const spokenAt = Date.now();
    c.send({ type: 'utterance.start', turnId: 2, firstSeq: 0, speechStartAtMs: Date.now() });
    c.send(micFrame(0, 2));
    c.send(micFrame(1, 2));
    c.send({
      type: 'utterance.end',
      turnId: 2,
      lastSeq: 1,
      speechEndAtMs: Date.now(),
      sentAtMs: Date.now(),
    });
    await expect
      .poll(() => c.messages.some((m) => m.type === 'transcript.final' && m.turnId === 2))
      .toBe(true);
    const after = await health();
    expect(after.connections).toBe(1);
    expect(after.lastTranscriptAtMs).toBeGreaterThanOrEqual(spokenAt);
    expect(after.lastTranscriptAtMs).toBeLessThanOrEqual(Date.now());
    // How long it took: the turn's own asrFinalMs (utterance.end received → final transcript).
    const doneOf2 = () => c.messages.find((m) => m.type === 'turn.done' && m.turnId === 2);
    await expect.poll(doneOf2).toBeDefined();
    const done = doneOf2();
    const asrFinalMs = done?.type === 'turn.done' ? done.timings.asrFinalMs : undefined;
    expect(after.lastTranscriptionMs).toBeGreaterThanOrEqual(0);
    expect(Math.abs((after.lastTranscriptionMs ?? NaN) - (asrFinalMs ?? NaN))).toBeLessThan(50);
    c.ws.close();
  });

  it('says when no recogniser can serve', async () => {
    const asr = relay.providers.slots.asr[0];
    for (let i = 0; i < 3; i++) asr?.failed(new Error('the recogniser broke'));
    expect((await health()).recognizerReady).toBe(false);
    expect(relay.providers.reset('fake-asr')).toBe(true);
    expect((await health()).recognizerReady).toBe(true);
  });
});
