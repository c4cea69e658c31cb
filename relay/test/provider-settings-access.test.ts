import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { AssistantSettingsView, ProviderEntryInput, StatusResponse } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { startFakeAnthropic, type FakeAnthropic } from './fakes/anthropic-server.ts';
import { startFakeDeepgram, type FakeDeepgram } from './fakes/deepgram-server.ts';
import { startFakeElevenLabs, type FakeElevenLabs } from './fakes/elevenlabs-server.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { SHIPPED_RECOGNISER } from './relay-process.ts';
import { answered, call, local, save, test, view } from './provider-settings-kit.ts';

// Issue 24: the assistant's providers connected from the app, applied without a restart.

describe('provider settings and the environment', () => {
  let relay: TestRelay;
  let envServer: FakeOpenAi;
  let savedServer: FakeOpenAi;
  beforeAll(async () => {
    envServer = await startFakeOpenAi({ apiKey: 'sk-env-key-0000000000' });
    savedServer = await startFakeOpenAi();
    relay = await startTestRelay({
      // Only LLM_PROVIDERS set: the recogniser's chain as shipped, free to save.
      ...SHIPPED_RECOGNISER,
      LLM_PROVIDERS: 'openai',
      OPENAI_API_KEY: 'sk-env-key-0000000000',
      OPENAI_BASE_URL: envServer.baseUrl,
      LOCAL_SERVER_PROBES: 'none',
    });
  });
  afterAll(async () => {
    await relay.close();
    await envServer.close();
    await savedServer.close();
  });

  it('lets LLM_PROVIDERS win over a saved chain, and says so', async () => {
    const saved = await save(relay, {
      llm: [{ id: 'mine', kind: 'openai-compatible', baseUrl: savedServer.baseUrl, model: 'm' }],
    });
    expect(saved.status).toBe(200);
    const v = saved.json as AssistantSettingsView;
    expect(v.source).toEqual({ asr: 'saved', llm: 'environment', tts: 'saved' });
    expect(v.chains.llm).toEqual([
      {
        id: 'openai',
        kind: 'openai',
        baseUrl: envServer.baseUrl,
        model: 'gpt-4o-mini',
        keySet: true,
        keyHint: '…0000',
      },
    ]);
    expect(JSON.stringify(v)).not.toContain('sk-env-key');

    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: 'hello', speak: false });
    await client.waitForTurn(1);
    client.close();
    expect(envServer.chatBodies()).toHaveLength(1);
    expect(savedServer.chatBodies()).toHaveLength(0);
  });
});

describe('provider models of each kind', () => {
  let relay: TestRelay;
  let anthropic: FakeAnthropic;
  let deepgram: FakeDeepgram;
  let elevenlabs: FakeElevenLabs;
  beforeAll(async () => {
    anthropic = await startFakeAnthropic({ apiKey: 'ak' });
    deepgram = await startFakeDeepgram({ apiKey: 'dk' });
    elevenlabs = await startFakeElevenLabs({ apiKey: 'ek' });
    relay = await startTestRelay({ LOCAL_SERVER_PROBES: 'none' });
  });
  afterAll(async () => {
    await relay.close();
    await Promise.all([anthropic.close(), deepgram.close(), elevenlabs.close()]);
  });

  const models = async (stage: string, entry: ProviderEntryInput) =>
    call(relay, '/api/admin/settings/models', { body: { stage, entry } });

  it('asks Anthropic, Deepgram and ElevenLabs for their own lists, with their own auth', async () => {
    const claude = { id: 'claude', kind: 'anthropic', baseUrl: anthropic.url } as const;
    expect((await models('llm', { ...claude, apiKey: 'ak' })).json).toEqual({
      models: ['claude-fake'],
    });
    // The app names Deepgram's host over http(s); the relay streams to it over ws(s).
    const dg = { id: 'dg', kind: 'deepgram', baseUrl: deepgram.url.replace('ws', 'http') } as const;
    expect((await models('asr', { ...dg, apiKey: 'dk' })).json).toEqual({
      models: ['nova-2', 'nova-3'],
    });
    const el = { id: 'el', kind: 'elevenlabs', baseUrl: elevenlabs.url } as const;
    expect((await models('tts', { ...el, apiKey: 'ek' })).json).toEqual({
      models: ['eleven_flash_v2_5'],
    });
    const refused = await models('asr', { ...dg, apiKey: 'wrong' });
    expect(refused).toEqual({
      status: 502,
      json: { error: 'asr-failed', message: 'The key was refused (401)' },
    });
  });

  it('tests Anthropic, Deepgram and ElevenLabs with a real minimal request', async () => {
    const claude = { id: 'claude', kind: 'anthropic', baseUrl: anthropic.url, apiKey: 'ak' };
    expect(await test(relay, 'llm', { ...claude, kind: 'anthropic' })).toMatchObject({ ok: true });
    const dg = {
      id: 'dg',
      kind: 'deepgram',
      baseUrl: deepgram.url.replace('ws', 'http'),
      apiKey: 'dk',
    } as const;
    expect(await test(relay, 'asr', dg)).toMatchObject({ ok: true });
    const el = { id: 'el', kind: 'elevenlabs', baseUrl: elevenlabs.url, apiKey: 'ek' } as const;
    expect(await test(relay, 'tts', el)).toMatchObject({ ok: true });
    expect(await test(relay, 'tts', { ...el, apiKey: 'nope' })).toEqual({
      ok: false,
      message: 'The key was refused (401)',
      status: 401,
    });
  });
});

const SECRET = 'a-test-secret-that-is-at-least-32-characters-long';
const ADMIN = 'an-admin-token-of-at-least-24-chars';

const userToken = (sub: string) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(SECRET));

describe('provider settings in jwt mode', () => {
  let relay: TestRelay;
  let server: FakeOpenAi;
  beforeAll(async () => {
    server = await startFakeOpenAi();
    relay = await startTestRelay({
      AUTH_MODE: 'jwt',
      JWT_SECRET: SECRET,
      ALLOWED_ORIGINS: 'http://127.0.0.1',
      ADMIN_TOKEN: ADMIN,
      LOCAL_SERVER_PROBES: 'none',
    });
  });
  afterAll(async () => {
    await relay.close();
    await server.close();
  });

  it('refuses a signed-in user (403) and anyone without the admin token (401)', async () => {
    const user = await userToken('alice');
    const entry = local(server, 'fake-model');
    for (const [path, init] of [
      ['/api/admin/settings', {}],
      ['/api/admin/settings', { method: 'PUT', body: { chains: { asr: [entry] } } }],
      ['/api/admin/settings/detect', {}],
      ['/api/admin/settings/models', { body: { stage: 'llm', entry } }],
      ['/api/admin/settings/test', { body: { stage: 'llm', entry } }],
    ] as const) {
      expect((await call(relay, path, { ...init, token: user })).status).toBe(403);
      expect((await call(relay, path, init)).status).toBe(401);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('lets the admin save, but not a key without SETTINGS_KEY (naming it)', async () => {
    const refused = await save(relay, { llm: [local(server, 'fake-model', 'sk-anything')] }, ADMIN);
    expect(refused.status).toBe(409);
    expect((refused.json as { message: string }).message).toContain('SETTINGS_KEY');
    const ok = await save(relay, { llm: [local(server, 'fake-model')] }, ADMIN);
    expect(ok.status).toBe(200);
    expect((await view(relay, ADMIN)).source.llm).toBe('saved');
  });

  it('turns the routes off without ADMIN_TOKEN (404, as every admin route)', async () => {
    const off = await startTestRelay({
      AUTH_MODE: 'jwt',
      JWT_SECRET: SECRET,
      ALLOWED_ORIGINS: 'http://127.0.0.1',
      LOCAL_SERVER_PROBES: 'none',
    });
    try {
      const r = await call(off, '/api/admin/settings', { token: await userToken('alice') });
      expect(r.status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe('provider settings across relays', () => {
  it('reach another relay on the same database without a restart', async () => {
    const server = await startFakeOpenAi();
    const a = await startTestRelay({ LOCAL_SERVER_PROBES: 'none' });
    const b = await startTestRelay({
      DATA_DIR: a.dataDir,
      LOCAL_SERVER_PROBES: 'none',
      SETTINGS_POLL_S: '0.2',
    });
    try {
      expect((await save(a, { llm: [local(server, 'fake-model')] })).status).toBe(200);
      await expect
        .poll(async () => ((await call(b, '/api/status')).json as StatusResponse).stages.llm)
        .toMatchObject({ providers: ['local:fake-model'] });
      expect((await view(b)).source.llm).toBe('saved');
    } finally {
      await b.close();
      await a.close();
      await server.close();
    }
  });
});

describe('the answers of this file', () => {
  it('never hold a key', () => {
    expect(answered.length).toBeGreaterThan(5);
    for (const body of answered)
      for (const key of ['sk-env-key-0000000000', 'sk-anything']) expect(body).not.toContain(key);
  });
});
