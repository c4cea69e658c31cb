import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiError } from '@parley/shared';
import { startTestRelay, type TestRelay } from './harness.ts';

interface Refusal {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Opens a WebSocket expecting a refusal; resolves with the whole HTTP answer. */
function refusal(url: string, headers: Record<string, string> = {}): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.once('error', reject);
    });
    ws.once('error', reject);
  });
}

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
