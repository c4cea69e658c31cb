import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  healthResponse,
  mcpServersResponse,
  opsOverview,
  providerResetResponse,
  readyResponse,
  statusResponse,
} from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { EVERYTHING } from './mcp-kit.ts';

/**
 * Every health, status and ops answer, parsed with the strict schema the web app parses it with:
 * a field the relay adds, drops or retypes without the shared schema fails here.
 */

const ADMIN = 'shapes-admin-token-0123456789abcdef';

describe('the shapes of the health, status and ops answers', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({
      ADMIN_TOKEN: ADMIN,
      HEALTH_PROBE_INTERVAL_S: '0',
      MCP_STDIO_COMMANDS: `${EVERYTHING}[GREETING]`,
    });
  });
  afterAll(() => relay.close());

  const get = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${relay.url}${path}`, init);
    const body: unknown = await res.json();
    return { status: res.status, body };
  };
  const admin = { Authorization: `Bearer ${ADMIN}` };

  it('GET /api/admin/overview, before any turn (no percentiles: null) and after one', async () => {
    const before = await get('/api/admin/overview', { headers: admin });
    expect(before.status).toBe(200);
    const none = { count: 0, p50: null, p95: null, p99: null };
    expect(opsOverview.parse(before.body).latency).toEqual({
      asrFinalMs: none,
      llmFirstTokenMs: none,
      ttsFirstAudioMs: none,
      relayFirstAudioMs: none,
    });

    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: 'what is twelve times seven' });
    await client.waitForTurn(1);
    client.close();
    const o = opsOverview.parse((await get('/api/admin/overview', { headers: admin })).body);
    expect(o.latency.llmFirstTokenMs.count).toBe(1);
    expect(o.latency.llmFirstTokenMs.p50).toBeGreaterThanOrEqual(0);
    expect(o.recentTurns[0]?.providers).toMatchObject({ llm: 'offline-responder', tts: 'flite' });
  });

  it('GET /health', async () => {
    const { status, body } = await get('/health');
    expect(status).toBe(200);
    expect(healthResponse.parse(body).providers).toEqual({
      asr: 'pocketsphinx',
      llm: 'offline-responder',
      tts: 'flite',
    });
  });

  it('GET /ready and /api/status, ready or not, and the admin reset', async () => {
    const ready = await get('/ready');
    expect(ready.status).toBe(200);
    expect(readyResponse.parse(ready.body)).toMatchObject({ ready: true, shared: { ok: true } });
    // After the overview's typed turn: the voice has a latency.
    const healthy = statusResponse.parse((await get('/api/status')).body);
    expect(healthy.providers.find((p) => p.stage === 'tts')).toMatchObject({
      health: 'HEALTHY',
      lastError: null,
      retryAtMs: null,
      latencyMs: { samples: 1 },
    });

    // The voices fail until their breakers open (Flite, and eSpeak NG after it): the stage is
    // down, with its error and retry time.
    for (const voice of relay.providers.slots.tts)
      for (let i = 0; i < 3; i++) voice.failed(new Error('the voice broke'));
    const down = await get('/ready');
    expect(down.status).toBe(503);
    expect(readyResponse.parse(down.body).stages.tts.ready).toBe(false);
    const failed = statusResponse.parse((await get('/api/status')).body);
    expect(failed.providers.find((p) => p.stage === 'tts')).toMatchObject({
      health: 'FAILED',
      state: 'open',
      lastError: { kind: 'other', status: null },
      retryAtMs: expect.any(Number) as unknown,
    });
    // Users see the kind of failure; operators its words too.
    const ops = opsOverview.parse((await get('/api/admin/overview', { headers: admin })).body);
    expect(ops.providers.find((p) => p.stage === 'tts')?.lastError).toMatchObject({
      kind: 'other',
      message: 'the voice broke',
    });

    const reset = await get('/api/admin/providers/flite/reset', { method: 'POST', headers: admin });
    expect(reset.status).toBe(200);
    const after = providerResetResponse.parse(reset.body);
    expect(after.reset).toBe('flite');
    expect(after.providers.find((p) => p.id === 'flite')?.state).toBe('closed');
  });

  it('every answer of the MCP servers admin API', async () => {
    const json = { ...admin, 'Content-Type': 'application/json' };
    const answer = async (method: string, path: string, body?: unknown) => {
      const r = await get(path, {
        method,
        headers: json,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return mcpServersResponse.parse(r.body);
    };
    expect(await answer('GET', '/api/admin/mcp')).toEqual({
      servers: [],
      stdioCommands: [{ command: EVERYTHING, envNames: ['GREETING'] }],
    });
    const added = await answer('POST', '/api/admin/mcp/servers', {
      transport: 'stdio',
      name: 'everything',
      command: EVERYTHING,
      env: { GREETING: 'hello' },
    });
    const id = added.servers[0]?.id ?? '';
    expect(added.servers[0]?.tools?.length).toBeGreaterThan(5);
    expect(JSON.stringify(added)).not.toContain('hello');
    const enabled = await answer('PUT', `/api/admin/mcp/servers/${id}/tools`, {
      name: 'echo',
      enabled: true,
    });
    expect(enabled.servers[0]?.tools?.find((t) => t.name === 'echo')?.enabled).toBe(true);
    await answer('GET', '/api/admin/mcp');
    await answer('POST', `/api/admin/mcp/servers/${id}/reconnect`);
    expect((await answer('DELETE', `/api/admin/mcp/servers/${id}`)).servers).toEqual([]);
  });
});
