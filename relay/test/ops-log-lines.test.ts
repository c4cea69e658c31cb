import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@parley/shared';
import { helloFor, micFrame, RawClient } from './clients.ts';
import { healthy } from './fakes/faults.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

const KEY = 'sk-ops-log-lines-0123456789';

/** One of the relay's log lines (pino JSON), as an operator's log check reads it. */
interface Line {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/**
 * The lines operators' log-based checks read (issue 63, item 2), from a real relay process on
 * a loopback port at `LOG_LEVEL=info`, its recogniser, model and voice a fake OpenAI server:
 * the health monitor's start and its rounds (`[HEALTH-CHECK]`, rate-limited), and the one line
 * a session's end logs with its turns, latencies and cost.
 */
describe('the log lines operators check', () => {
  let openai: FakeOpenAi;
  let relay: RelayProcess;
  let dataDir: string;
  const lines = () => relay.logLines<Line>();
  const rounds = () => lines().filter((l) => l.msg === '[HEALTH-CHECK] provider health round');

  beforeAll(async () => {
    openai = await startFakeOpenAi({ apiKey: KEY });
    openai.transcript = 'what time is it';
    dataDir = mkdtempSync(join(tmpdir(), 'parley-ops-logs-'));
    relay = new RelayProcess(await freePort(), {
      ...TEST_RELAY_ENV,
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      ASR_PROVIDERS: 'openai',
      LLM_PROVIDERS: 'openai',
      TTS_PROVIDERS: 'openai',
      ...openAiRelayEnv(openai, KEY),
      // A round every 100 ms: many rounds in a test, few lines.
      HEALTH_PROBE_INTERVAL_S: '0.1',
    });
    await relay.start();
  }, 60_000);
  afterAll(async () => {
    await relay.stop();
    await openai.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says at start how often the providers are probed and which; a round when one goes up or down, each with how long it took', async () => {
    const started = lines().find((l) => l.msg === '[HEALTH-CHECK] probing providers');
    expect(started).toMatchObject({ level: 30, intervalMs: 100 });
    expect(started?.providers).toEqual(
      expect.arrayContaining([
        { provider: 'openai:whisper-1', stage: 'asr' },
        { provider: 'openai:gpt-4o-mini', stage: 'llm' },
      ]),
    );
    await expect.poll(() => rounds().length).toBeGreaterThan(0);
    const first = rounds()[0];
    expect(first).toMatchObject({ level: 30, down: 0 });
    expect(first?.providers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          provider: 'openai:gpt-4o-mini',
          stage: 'llm',
          checked: 'probe',
          up: true,
          ms: expect.any(Number) as number,
        }),
      ]),
    );
    expect(JSON.stringify(rounds())).not.toContain(KEY);
    // Many rounds with nothing changed: still one line (rate-limited).
    const probed = openai.received('models').length;
    await expect.poll(() => openai.received('models').length).toBeGreaterThan(probed + 10);
    expect(rounds()).toHaveLength(1);
    // The provider stops answering its probe: the next round says so.
    openai.setFault('models', { kind: 'status', status: 503 });
    try {
      await expect.poll(() => rounds().length).toBe(2);
      const down = rounds()[1];
      expect(down).toMatchObject({ level: 30 });
      expect(Number(down?.down)).toBeGreaterThan(0);
      expect(down?.providers).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ provider: 'openai:gpt-4o-mini', up: false }),
        ]),
      );
    } finally {
      openai.setFault('models', healthy);
    }
  });

  it('at a session’s end: one line with its turns, the median and p95 of each latency, and its cost', async () => {
    const client = await RawClient.open(relay.wsUrl);
    client.send(await helloFor(relay));
    const { sessionId } = await client.next('ready');
    const speechEndAtMs = Date.now();
    client.send({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: Date.now() });
    for (let seq = 0; seq < 5; seq++) client.send(micFrame(seq, 1));
    client.send({
      type: 'utterance.end',
      turnId: 1,
      lastSeq: 4,
      speechEndAtMs,
      sentAtMs: Date.now(),
    });
    const done = await client.next('turn.done', 15_000);
    expect(done.status).toBe('completed');
    // The client's player says when the reply started playing: voice to voice 800 ms.
    client.send({ type: 'playback.started', turnId: 1, playedAtMs: speechEndAtMs + 800 });
    client.send({ type: 'user.text', turnId: 2, text: 'and the date' });
    await expect
      .poll(() => client.messages.some((m) => m.type === 'turn.done' && m.turnId === 2), {
        timeout: 15_000,
      })
      .toBe(true);
    client.ws.close(CloseCode.Normal);

    const closed = () =>
      lines().find((l) => l.msg === 'session closed' && l.sessionId === sessionId);
    await expect.poll(closed, { timeout: 15_000 }).toBeDefined();
    const line = closed();
    expect(line).toMatchObject({ level: 30, turns: 2, statuses: { completed: 2 } });
    expect(line?.costMicros).toEqual(expect.any(Number));
    const latencies = line?.latencies as Record<
      string,
      { count: number; p50: number; p95: number }
    >;
    // Recognition counted for the spoken turn only; the rest for both.
    expect(latencies.asrFinalMs?.count).toBe(1);
    expect(latencies.asrFinalMs?.p50).toBe(done.timings.asrFinalMs);
    expect(latencies.llmFirstTokenMs?.count).toBe(2);
    expect(latencies.ttsFirstAudioMs?.count).toBe(2);
    expect(latencies.relayFirstAudioMs?.count).toBe(2);
    for (const l of Object.values(latencies))
      if (l.count > 0) expect(l.p95).toBeGreaterThanOrEqual(l.p50);
    expect(latencies.voiceToVoiceMs).toEqual({ count: 1, p50: 800, p95: 800 });
    // Figures only: no words of the conversation, no provider key.
    const text = JSON.stringify(line);
    for (const words of ['what time is it', 'and the date', KEY]) expect(text).not.toContain(words);
  });
});
