import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiError, healthResponse } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { refusal } from './clients.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { scrapeRelay } from './prometheus-text.ts';

function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('MAX_CONNECTIONS', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    // Sockets that say no hello stay open for the test's length.
    relay = await startTestRelay({ MAX_CONNECTIONS: '2', HELLO_TIMEOUT_MS: '60000' });
  });
  afterAll(() => relay.close());

  const connections = async () =>
    healthResponse.parse(await (await fetch(`${relay.url}/health`)).json()).connections;
  const refusedCount = async () =>
    (await scrapeRelay(relay)).value('parley_connections_refused_total', {
      reason: 'max_connections',
    });

  it('refuses a third WebSocket with a typed 503, its ticket too, and admits once one closes', async () => {
    expect(await refusedCount()).toBe(0);
    const first = await open(relay.wsUrl);
    const second = await open(relay.wsUrl);

    const third = await refusal(relay.wsUrl);
    expect(third.status).toBe(503);
    expect(third.headers['retry-after']).toBe('30');
    expect(third.headers['content-type']).toMatch(/^application\/json/);
    const body = apiError.parse(JSON.parse(third.body));
    expect(body).toMatchObject({ error: 'limit-exceeded', retryAfterMs: 30_000 });
    expect(body.message).toMatch(/as many connections as it can/);

    // What a browser sees: it asks for a ticket first, and can read that answer.
    const ticket = await fetch(`${relay.url}/api/session`, { method: 'POST' });
    expect(ticket.status).toBe(503);
    expect(apiError.parse(await ticket.json())).toMatchObject({ error: 'limit-exceeded' });
    await expect(TalkClient.ticket(relay.wsUrl)).rejects.toMatchObject({
      status: 503,
      code: 'limit-exceeded',
    });
    expect(await refusedCount()).toBe(3);
    expect(await connections()).toBe(2);

    first.close();
    await expect.poll(connections).toBe(1);
    const again = await open(relay.wsUrl);
    expect(await connections()).toBe(2);
    second.close();
    again.close();
    await expect.poll(connections).toBe(0);
  });
});
