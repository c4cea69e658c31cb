import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type {
  AssistantSettingsUpdate,
  AssistantSettingsView,
  DetectResponse,
  ModelsResponse,
  ProviderEntryInput,
  StageTestResult,
  StatusResponse,
} from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { startFakeAnthropic, type FakeAnthropic } from './fakes/anthropic-server.ts';
import { startFakeDeepgram, type FakeDeepgram } from './fakes/deepgram-server.ts';
import { startFakeElevenLabs, type FakeElevenLabs } from './fakes/elevenlabs-server.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { freePort } from './relay-process.ts';

// Issue 24: the assistant's providers connected from the app, applied without a restart.

/** The key the local server wants; no API response and no stored row may ever hold it. */
const KEY = 'sk-local-0123456789abcdef-SECRET';
const EMBEDDED: ProviderEntryInput = { id: 'embedded', kind: 'embedded' };

/** Every body an API answered in this file, for the check that none holds a key. */
const answered: string[] = [];

async function call(
  relay: Pick<TestRelay, 'url'>,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${relay.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  answered.push(text);
  return { status: res.status, json: JSON.parse(text) };
}

const view = async (relay: Pick<TestRelay, 'url'>, token?: string) => {
  const r = await call(relay, '/api/admin/settings', token ? { token } : {});
  expect(r.status).toBe(200);
  return r.json as AssistantSettingsView;
};

const save = async (
  relay: Pick<TestRelay, 'url'>,
  chains: Partial<AssistantSettingsUpdate['chains']>,
  token?: string,
) =>
  call(relay, '/api/admin/settings', {
    method: 'PUT',
    body: { chains: { asr: [EMBEDDED], llm: [EMBEDDED], tts: [EMBEDDED], ...chains } },
    ...(token ? { token } : {}),
  });

const test = async (relay: TestRelay, stage: string, entry: ProviderEntryInput) => {
  const r = await call(relay, '/api/admin/settings/test', { body: { stage, entry } });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json as StageTestResult;
};

const local = (server: FakeOpenAi, model: string, apiKey?: string | null): ProviderEntryInput => ({
  id: 'local',
  kind: 'openai-compatible',
  baseUrl: server.baseUrl,
  model,
  ...(apiKey === undefined ? {} : { apiKey }),
});

describe('provider settings in dev mode', () => {
  let relay: TestRelay;
  let server: FakeOpenAi;
  let other: FakeOpenAi;
  let closedPort: number;
  beforeAll(async () => {
    server = await startFakeOpenAi({ apiKey: KEY, models: ['llama3.2:1b', 'qwen2.5:0.5b'] });
    other = await startFakeOpenAi({ models: ['bravo'] });
    closedPort = await freePort();
    relay = await startTestRelay({
      LOCAL_SERVER_PROBES: `ollama=${other.baseUrl},vllm=http://127.0.0.1:${closedPort}/v1`,
    });
  });
  afterAll(async () => {
    await relay.close();
    await server.close();
    await other.close();
  });

  it('shows the embedded chains as the default before anything is saved', async () => {
    const v = await view(relay);
    expect(v.source).toEqual({ asr: 'default', llm: 'default', tts: 'default' });
    expect(v.chains.llm).toEqual([{ id: 'embedded', kind: 'embedded', keySet: false }]);
    expect(v.updatedAt).toBeNull();
  });

  it('detects a local server on a probed port, with its models, and only what answers', async () => {
    const r = await call(relay, '/api/admin/settings/detect');
    expect(r.status).toBe(200);
    expect((r.json as DetectResponse).servers).toEqual([
      { server: 'ollama', baseUrl: other.baseUrl, models: ['bravo'] },
    ]);
  });

  it('lists a server’s own models, and says why it cannot', async () => {
    const r = await call(relay, '/api/admin/settings/models', {
      body: { stage: 'llm', entry: local(server, 'llama3.2:1b', KEY) },
    });
    expect(r.json as ModelsResponse).toEqual({ models: ['llama3.2:1b', 'qwen2.5:0.5b'] });
    const down = await call(relay, '/api/admin/settings/models', {
      body: {
        stage: 'llm',
        entry: { id: 'x', kind: 'openai-compatible', baseUrl: `http://127.0.0.1:${closedPort}/v1` },
      },
    });
    expect(down.status).toBe(502);
    expect(down.json).toMatchObject({
      error: 'llm-failed',
      message: `Nothing answers at http://127.0.0.1:${closedPort}/v1`,
    });
  });

  it('tests each stage with a real request: latency, or the provider’s error in plain words', async () => {
    const llm = await test(relay, 'llm', local(server, 'llama3.2:1b', KEY));
    expect(llm).toMatchObject({ ok: true });
    expect(llm.ok && llm.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.chatBodies().at(-1)).toMatchObject({ model: 'llama3.2:1b' });

    const tts = await test(relay, 'tts', { ...local(server, 'tts-1', KEY), id: 'voice' });
    expect(tts).toMatchObject({ ok: true });
    const asr = await test(relay, 'asr', { ...local(server, 'whisper-1', KEY), id: 'ears' });
    expect(asr.ok && asr.detail).toContain('"hello there"');
    // A second of speech went up: Flite's "Hello." padded, as a 16 kHz WAV.
    const upload = server.received('transcription').at(-1);
    expect(upload?.body.length).toBeGreaterThan(32_000);

    expect(await test(relay, 'llm', local(server, 'llama3.2:1b', 'sk-wrong'))).toEqual({
      ok: false,
      message: 'The key was refused (401)',
      status: 401,
    });
    expect(await test(relay, 'llm', local(server, 'nope', KEY))).toEqual({
      ok: false,
      message: `Model nope not found (404) at ${server.baseUrl}`,
      status: 404,
    });
    // No model chosen yet: the server's model list tests the address and the key.
    const unchosen: ProviderEntryInput = { ...local(server, 'm', KEY), model: undefined };
    const listed = await test(relay, 'llm', unchosen);
    expect(listed.ok && listed.detail).toMatch(/^the server answers with \d+ models?: choose one/);
    expect(await test(relay, 'llm', { ...unchosen, apiKey: 'sk-wrong' })).toEqual({
      ok: false,
      message: 'The key was refused (401)',
      status: 401,
    });
    const nothing = await test(relay, 'llm', {
      ...local(server, 'm'),
      baseUrl: `http://127.0.0.1:${closedPort}/v1`,
    });
    expect(nothing).toEqual({
      ok: false,
      message: `Nothing answers at http://127.0.0.1:${closedPort}/v1`,
    });
  });

  it('refuses chains the environment would refuse, naming each problem', async () => {
    const r = await save(relay, {
      llm: [{ id: 'openai', kind: 'openai' }],
      asr: [{ id: 'claude', kind: 'anthropic', apiKey: 'k' }],
    });
    expect(r.status).toBe(400);
    const { message } = r.json as { message: string };
    expect(message).toContain("LLM chain: openai's API key is missing");
    expect(message).toContain('ASR chain: claude cannot serve asr (it serves llm)');
  });

  it('switches the LLM mid-session on save: the next turn reaches the new server with its model', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: 'what is two plus two', speak: false });
    const before = await client.waitForTurn(1);
    expect(before.status).toBe('completed');
    const chats = server.chatBodies().length;

    const saved = await save(relay, { llm: [local(server, 'qwen2.5:0.5b', KEY), EMBEDDED] });
    expect(saved.status).toBe(200);
    const v = saved.json as AssistantSettingsView;
    expect(v.source.llm).toBe('saved');
    expect(v.chains.llm[0]).toEqual({
      id: 'local',
      kind: 'openai-compatible',
      baseUrl: server.baseUrl,
      model: 'qwen2.5:0.5b',
      keySet: true,
      keyHint: '…CRET',
    });

    // The client is told at once: its `ready` said "offline responder".
    expect(client.ready.providers.llm.id).toBe('offline-responder');
    await expect
      .poll(() => client.received.findLast((m) => m.type === 'providers.changed'))
      .toMatchObject({ providers: { llm: { id: 'local:qwen2.5:0.5b' } } });

    client.send({ type: 'user.text', turnId: 2, text: 'and three plus three', speak: false });
    const after = await client.waitForTurn(2);
    client.close();
    expect(after.replyText).toBe('You said: and three plus three. Anything else?');
    expect(server.chatBodies().length).toBe(chats + 1);
    expect(server.chatBodies().at(-1)?.model).toBe('qwen2.5:0.5b');
    // The status page shows the new chain.
    const status = (await call(relay, '/api/status')).json as StatusResponse;
    expect(status.stages.llm.providers).toEqual(['local:qwen2.5:0.5b', 'offline-responder']);
  });

  it('lets a turn in flight finish on the chain it started on; the old chain then closes', async () => {
    server.reply = () => 'Alpha one two three four five six seven eight nine ten.';
    other.reply = () => 'Bravo.';
    server.intervalMs = 60;
    try {
      const client = await TalkClient.connect(relay.wsUrl);
      const chats = server.chatBodies().length;
      client.send({ type: 'user.text', turnId: 1, text: 'count to ten', speak: false });
      await expect.poll(() => server.chatBodies().length).toBe(chats + 1);
      // Saved while the reply streams: the key is kept though not sent again.
      const saved = await save(relay, {
        llm: [{ id: 'other', kind: 'openai-compatible', baseUrl: other.baseUrl, model: 'bravo' }],
      });
      expect(saved.status).toBe(200);
      expect((await client.waitForTurn(1)).replyText).toBe(
        'Alpha one two three four five six seven eight nine ten.',
      );
      client.send({ type: 'user.text', turnId: 2, text: 'again', speak: false });
      expect((await client.waitForTurn(2)).replyText).toBe('Bravo.');
      client.close();
      await expect.poll(() => relay.providers.drainingSets).toBe(0);
    } finally {
      server.intervalMs = 5;
      server.reply = other.reply = (messages) =>
        `You said: ${messages.filter((m) => m.role === 'user').at(-1)?.content ?? ''}. Anything else?`;
    }
  });

  it('plays a new voice of another rate at the rate the session started with', async () => {
    // The session's rate is the embedded voice's (16 kHz), fixed at the handshake.
    const client = await TalkClient.connect(relay.wsUrl, { outputSampleRateHz: 'native' });
    expect(client.ready.outputSampleRateHz).toBe(16_000);
    const voice = { ...local(server, 'tts-1', KEY), id: 'voice' };
    expect((await save(relay, { tts: [voice] })).status).toBe(200);
    const spoken = server.received('speech').length;
    client.send({ type: 'user.text', turnId: 1, text: 'say something' });
    const turn = await client.waitForTurn(1);
    client.close();
    // The fake speaks 40 ms per character at 24 kHz: resampled, that is 640 samples per
    // character at 16 kHz (960 if it were played as if it were 16 kHz audio).
    const characters = server
      .received('speech')
      .slice(spoken)
      .reduce((n, r) => n + (JSON.parse(r.body.toString()) as { input: string }).input.length, 0);
    expect(characters).toBeGreaterThan(10);
    expect(turn.audioSamples / characters).toBeGreaterThan(600);
    expect(turn.audioSamples / characters).toBeLessThan(680);
    expect((await save(relay, { tts: [EMBEDDED] })).status).toBe(200);
  });

  it('keeps a saved key when an entry comes back without one, and stores it sealed', async () => {
    expect((await save(relay, { llm: [local(server, 'qwen2.5:0.5b', KEY)] })).status).toBe(200);
    // As the app sends it back: the key masked, so absent.
    expect((await save(relay, { llm: [local(server, 'llama3.2:1b')] })).status).toBe(200);
    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: 'hi', speak: false });
    expect((await client.waitForTurn(1)).replyText).toBe('You said: hi. Anything else?');
    client.close();
    expect(server.received('chat').at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);

    const rows = await relay.storage.database.db
      .selectFrom('provider_settings')
      .selectAll()
      .execute();
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(KEY);
    expect(raw).not.toContain('0123456789abcdef');
    const stored = JSON.parse(rows[0]?.chains ?? '{}') as {
      chains: { llm: { key?: string; keyHint?: string }[] };
    };
    expect(stored.chains.llm[0]?.key).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(stored.chains.llm[0]?.keyHint).toBe('…CRET');

    // The same entry pointed at another server does not take the key there.
    const moved = await save(relay, { llm: [local(other, 'bravo')] });
    expect((moved.json as AssistantSettingsView).chains.llm[0]).toMatchObject({ keySet: false });
    const again = await TalkClient.connect(relay.wsUrl);
    again.send({ type: 'user.text', turnId: 1, text: 'where', speak: false });
    await again.waitForTurn(1);
    again.close();
    expect(other.received('chat').at(-1)?.headers.authorization).toBeUndefined();

    // `apiKey: null` drops it.
    expect((await save(relay, { llm: [local(server, 'llama3.2:1b', null)] })).status).toBe(200);
    expect((await view(relay)).chains.llm[0]).toMatchObject({ keySet: false });
  });

  it('never answers a key: every API response of this file is free of it', () => {
    expect(answered.length).toBeGreaterThan(10);
    for (const body of answered) {
      expect(body).not.toContain(KEY);
      expect(body).not.toContain('0123456789abcdef');
    }
  });
});

describe('provider settings and the environment', () => {
  let relay: TestRelay;
  let envServer: FakeOpenAi;
  let savedServer: FakeOpenAi;
  beforeAll(async () => {
    envServer = await startFakeOpenAi({ apiKey: 'sk-env-key-0000000000' });
    savedServer = await startFakeOpenAi();
    relay = await startTestRelay({
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
