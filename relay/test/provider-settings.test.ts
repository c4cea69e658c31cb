import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AssistantSettingsView,
  DetectResponse,
  ModelsResponse,
  ProviderEntryInput,
  StatusResponse,
} from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { freePort, SHIPPED_RECOGNISER } from './relay-process.ts';
import { EMBEDDED, KEY, answered, call, local, save, test, view } from './provider-settings-kit.ts';

// Issue 24: the assistant's providers connected from the app, applied without a restart.

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
      // The chains as shipped, the recogniser's too (not pinned: no speech is checked here).
      ...SHIPPED_RECOGNISER,
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
    // Moonshine writes by default, PocketSphinx alone behind it (issue 61).
    expect(v.chains.asr.map((e) => e.kind)).toEqual(['moonshine', 'embedded']);
    expect(v.warnings).toEqual([]);
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
    expect(message).toContain('Language model, provider 1 (OpenAI): its API key is missing');
    expect(message).toContain(
      'Speech recognition, provider 1 (Anthropic): claude cannot serve asr (it serves llm)',
    );
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
