import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantSettingsView, ModelsResponse, ServerMessage } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { EMBEDDED, call, save } from './provider-settings-kit.ts';

// Issue 45: a model connected in the settings answers first — the embedded last resort never
// ahead of it, whatever order a chain is saved in — and when it cannot answer, the turn says
// which, why, and who answered instead, for the page to tell the user.

const model = (server: FakeOpenAi, id = 'local', name = 'fake-model') => ({
  id,
  kind: 'openai-compatible' as const,
  baseUrl: server.baseUrl,
  model: name,
});

/** One typed turn's `turn.done`. */
async function ask(client: TalkClient, turnId: number, text: string) {
  client.send({ type: 'user.text', turnId, text, speak: false });
  await client.waitForTurn(turnId);
  const done = client.received.findLast(
    (m): m is Extract<ServerMessage, { type: 'turn.done' }> =>
      m.type === 'turn.done' && m.turnId === turnId,
  );
  if (!done) throw new Error(`no turn.done for ${turnId}`);
  return done;
}

describe('a connected model', () => {
  let relay: TestRelay;
  let server: FakeOpenAi;
  beforeAll(async () => {
    server = await startFakeOpenAi({ models: ['fake-model', 'whisper-1', 'tts-1'] });
    server.reply = () => 'From the model.';
    relay = await startTestRelay({ LOCAL_SERVER_PROBES: 'none' });
  });
  afterAll(async () => {
    await relay.close();
    await server.close();
  });

  it('saved behind the embedded set, goes ahead of it: the offline responder is the last resort', async () => {
    const saved = await save(relay, { llm: [EMBEDDED, model(server)] });
    expect(saved.status).toBe(200);
    const v = saved.json as AssistantSettingsView;
    expect(v.chains.llm.map((e) => e.id)).toEqual(['local', 'embedded']);
    const client = await TalkClient.connect(relay.wsUrl);
    expect(client.ready.providers.llm).toEqual({
      id: 'local:fake-model',
      label: 'fake-model (local)',
    });
    const done = await ask(client, 1, 'hello');
    client.close();
    expect(done.reply).toBe('From the model.');
    expect(done.llmFallback).toBeUndefined();
  });

  it('is offered as a language model only among the chat models of its server’s list', async () => {
    const r = await call(relay, '/api/admin/settings/models', {
      body: { stage: 'llm', entry: model(server) },
    });
    expect((r.json as ModelsResponse).models).toEqual(['fake-model']);
  });

  it('that does not know the model asked for, is named with its 404; the offline responder answers', async () => {
    expect((await save(relay, { llm: [model(server, 'local', 'gone'), EMBEDDED] })).status).toBe(
      200,
    );
    const client = await TalkClient.connect(relay.wsUrl);
    const done = await ask(client, 1, 'hello');
    client.close();
    expect(done.servedBy?.llm).toBe('offline-responder');
    expect(done.llmFallback).toEqual({
      passedOver: [{ id: 'local:gone', label: 'gone (local)', kind: 'http', status: 404 }],
      answeredBy: { id: 'offline-responder', label: 'Offline responder', standIn: true },
    });
  });

  it('that cannot be reached, is named as such in every turn it is passed over', async () => {
    const gone = await startFakeOpenAi();
    expect((await save(relay, { llm: [model(gone, 'gone-server'), EMBEDDED] })).status).toBe(200);
    await gone.close();
    const client = await TalkClient.connect(relay.wsUrl);
    const passedOver = [
      {
        id: 'gone-server:fake-model',
        label: 'fake-model (gone-server)',
        kind: 'network',
        status: null,
      },
    ];
    // Failing now, then (once its breaker opens) skipped as failing: the same words each time.
    for (let turn = 1; turn <= 4; turn++) {
      const done = await ask(client, turn, `hello ${turn}`);
      expect(done.status).toBe('completed');
      expect(done.llmFallback).toEqual({
        passedOver,
        answeredBy: { id: 'offline-responder', label: 'Offline responder', standIn: true },
      });
    }
    client.close();
    const slot = relay.providers.status().find((p) => p.id === 'gone-server:fake-model');
    expect(slot?.state).toBe('open');
  });
});
