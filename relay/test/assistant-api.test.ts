import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantResponse } from '@parley/shared';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { EMBEDDED, local, save } from './provider-settings-kit.ts';

describe('GET /api/assistant (the first screen: who answers before any conversation)', () => {
  let relay: TestRelay;
  let server: FakeOpenAi;
  beforeAll(async () => {
    server = await startFakeOpenAi({ models: ['llama3.2'] });
    relay = await startTestRelay();
  });
  afterAll(async () => {
    await relay.close();
    await server.close();
  });

  const assistant = async () => {
    const res = await fetch(`${relay.url}/api/assistant`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return assistantResponse.parse(await res.json());
  };

  it('says the offline responder answers, with its notice, and that the local user may connect a model', async () => {
    const a = await assistant();
    expect(a.offlineResponder).toBe(true);
    expect(a.providers.llm).toMatchObject({ id: 'offline-responder', label: 'Offline responder' });
    expect(a.providers.llm.notice).toBe('Offline responder: simple answers only.');
    expect(a.canEditProviders).toBe(true);
  });

  it('follows the chains saved: a model put first answers', async () => {
    expect((await save(relay, { llm: [local(server, 'llama3.2'), EMBEDDED] })).status).toBe(200);
    const a = await assistant();
    expect(a.offlineResponder).toBe(false);
    expect(a.providers.llm.id).not.toBe('offline-responder');
    expect(a.providers.llm.notice).toBeUndefined();
  });
});
