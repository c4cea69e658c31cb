import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionList, type ApiErrorBody } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

describe('the history API', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay();
    for (const text of ['what time is it', 'what is two plus two']) {
      const client = await TalkClient.connect(relay.wsUrl);
      client.send({ type: 'user.text', turnId: 1, text });
      await client.waitForTurn(1);
      client.close();
      await client.closed();
    }
  });
  afterAll(async () => {
    await relay.close();
  });

  const get = (query: string) => fetch(`${relay.url}/api/sessions${query}`);

  it('lists the user’s conversations newest first, a page at a time', async () => {
    const first = sessionList.parse(await (await get('?limit=1')).json());
    expect(first.sessions.map((s) => s.title)).toEqual(['what is two plus two']);
    expect(first.nextBefore).not.toBeNull();
    const next = sessionList.parse(await (await get(`?limit=1&before=${first.nextBefore}`)).json());
    expect(next.sessions.map((s) => s.title)).toEqual(['what time is it']);
  });

  it('refuses a malformed page with a typed error saying what is wrong', async () => {
    for (const [query, message] of [
      ['?limit=0', 'limit must be a whole number from 1 to 100.'],
      ['?limit=2.5', 'limit must be a whole number from 1 to 100.'],
      ['?limit=abc', 'limit must be a whole number from 1 to 100.'],
      ['?before=yesterday', 'before must be an epoch-ms time.'],
    ] as const) {
      const res = await get(query);
      expect(res.status).toBe(400);
      expect((await res.json()) as ApiErrorBody).toEqual({ error: 'bad-message', message });
    }
  });
});
