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

  it('finds the conversations whose words contain `q`: the offline responder’s answer too', async () => {
    const search = async (q: string) =>
      sessionList.parse(await (await get(`?q=${encodeURIComponent(q)}`)).json()).sessions;
    expect((await search('TWO PLUS')).map((s) => s.title)).toEqual(['what is two plus two']);
    // "2 plus 2 is 4." is the reply's: the assistant's words are searched too.
    expect((await search('2 plus 2 is')).map((s) => s.title)).toEqual(['what is two plus two']);
    expect((await search('what')).map((s) => s.title)).toEqual([
      'what is two plus two',
      'what time is it',
    ]);
    expect(await search('weather')).toEqual([]);
    // Blank is no search.
    expect(await search('  ')).toHaveLength(2);
  });

  it('refuses a malformed page with a typed error saying what is wrong', async () => {
    for (const [query, message] of [
      ['?limit=0', 'limit must be a whole number from 1 to 100.'],
      ['?limit=2.5', 'limit must be a whole number from 1 to 100.'],
      ['?limit=abc', 'limit must be a whole number from 1 to 100.'],
      ['?before=yesterday', 'before must be an epoch-ms time.'],
      [`?q=${'x'.repeat(101)}`, 'q must be at most 100 characters.'],
    ] as const) {
      const res = await get(query);
      expect(res.status).toBe(400);
      expect((await res.json()) as ApiErrorBody).toEqual({ error: 'bad-message', message });
    }
  });
});
