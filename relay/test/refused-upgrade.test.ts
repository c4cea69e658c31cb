import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiError } from '@parley/shared';
import { refusal } from './clients.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

describe('a refused WebSocket upgrade', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({
      CONNECTIONS_PER_IP_BURST: '1',
      CONNECTIONS_PER_IP_PER_SECOND: '0.001',
    });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('carries its typed JSON error, for a foreign page and for too many connections', async () => {
    const foreign = await refusal(relay.wsUrl, { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(foreign.headers['content-length'])).toBe(Buffer.byteLength(foreign.body));
    expect(apiError.parse(JSON.parse(foreign.body))).toMatchObject({ error: 'forbidden' });

    // The one connection of the burst, then a refusal.
    const ws = new WebSocket(relay.wsUrl);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.close();
    const tooFast = await refusal(relay.wsUrl);
    expect(tooFast.status).toBe(429);
    expect(tooFast.headers['retry-after']).toMatch(/^\d+$/);
    const body = apiError.parse(JSON.parse(tooFast.body));
    expect(body).toMatchObject({ error: 'rate-limited' });
    expect(body.retryAfterMs).toBeGreaterThan(0);

    // The relay still serves.
    expect((await fetch(`${relay.url}/health`)).status).toBe(200);
  });
});
