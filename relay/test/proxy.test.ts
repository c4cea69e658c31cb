import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { clusterSkipReason, Nginx } from './cluster/daemons.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { JWT_RELAY, token } from './jwt-kit.ts';

const skip = clusterSkipReason(['/usr/sbin/nginx', 'openssl']);

/** The status of a WebSocket upgrade at `url` (101 when it opened). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', reject);
  });
}

describe.skipIf(skip !== null)(
  `a relay behind deploy/nginx.conf.template (TRUST_PROXY=1)${skip ? ` (SKIPPED: ${skip})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-proxy-'));
    const nginx = new Nginx();
    let relay: TestRelay;

    beforeAll(async () => {
      // jwt mode: a dev-mode relay refuses TRUST_PROXY, and serves nobody through a proxy.
      relay = await startTestRelay({
        ...JWT_RELAY,
        TRUST_PROXY: '1',
        CONNECTIONS_PER_IP_BURST: '20',
        // Nothing comes back within the test: the burst is all there is.
        CONNECTIONS_PER_IP_PER_SECOND: '0.001',
      });
      await nginx.start(dir, [relay.port]);
    });

    afterAll(async () => {
      await nginx.stop();
      await relay.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a client cannot choose its rate-limit key with a forged X-Forwarded-For', async () => {
      const bearer = `Bearer ${await token('alice')}`;
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const res = await fetch(`${nginx.url}/api/session`, {
          method: 'POST',
          headers: { Authorization: bearer, 'X-Forwarded-For': `10.${i}.0.1` },
        });
        await res.body?.cancel();
        statuses.push(res.status);
      }
      expect(statuses).toEqual([...Array<number>(20).fill(200), ...Array<number>(20).fill(429)]);
      // The WebSocket upgrade is counted against the same (real) address.
      const ws = `${nginx.url.replace('http', 'ws')}/ws`;
      expect(await upgradeStatus(ws, { 'X-Forwarded-For': '10.200.0.1' })).toBe(429);
    });
  },
);
