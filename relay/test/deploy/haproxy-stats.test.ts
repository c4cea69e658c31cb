import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterSkipReason } from '../cluster/daemons.ts';
import { HAProxy, STATS_USER } from '../cluster/haproxy.ts';
import { freePort } from '../relay-process.ts';
import { ROOT, runTool } from './deploy-files.ts';

// Debian's haproxy, as the cluster tests run it; with PARLEY_TEST_CLUSTER=1 a missing one fails.
const skip = clusterSkipReason(['haproxy', 'openssl']);

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe.skipIf(skip !== null)(
  `HAProxy's stats page and metrics (deploy/haproxy.cfg.template)${skip ? ` (SKIPPED: ${skip})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-haproxy-stats-'));
    const haproxy = new HAProxy();
    beforeAll(async () => {
      // No relay answers behind it: the stats page is what is looked at.
      await haproxy.start(dir, [await freePort()]);
    });
    afterAll(async () => {
      await haproxy.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('take the stats user and password: anyone else gets 401, the page and the metrics alike', async () => {
      const stats = `http://127.0.0.1:${haproxy.statsPort}`;
      for (const path of ['/', '/;csv', '/metrics']) {
        for (const authorization of [
          undefined,
          basic(STATS_USER, 'not-the-password'),
          basic('admin', haproxy.statsPassword),
        ]) {
          const res = await fetch(`${stats}${path}`, {
            headers: authorization ? { Authorization: authorization } : {},
          });
          expect(res.status, `${path} ${authorization ?? 'without a user'}`).toBe(401);
          expect(res.headers.get('www-authenticate')).toBe('Basic realm="parley-stats"');
          expect(await res.text()).not.toContain('parley_relays');
        }
        const res = await fetch(`${stats}${path}`, {
          headers: { Authorization: haproxy.statsAuthorization },
        });
        expect(res.status, path).toBe(200);
      }
      // What the cluster tests read, with the user: the one relay's row.
      expect(Object.keys(await haproxy.serverStates())).toHaveLength(1);
    });

    it('is never served open: without its users file, haproxy refuses the configuration', async () => {
      const file = join(dir, 'haproxy', 'haproxy.cfg');
      const { code, output } = await runTool('haproxy', ['-c', '-f', file]);
      expect(code, output).not.toBe(0);
      expect(output).toMatch(/stats_users/);
      // The compose stack's own file, with a users file as docs/deploying.md makes it: valid.
      const users = join(dir, 'users.cfg');
      writeFileSync(users, 'userlist stats_users\n  user stats password $5$salt$hash\n');
      const compose = await runTool('haproxy', [
        '-c',
        '-f',
        `${ROOT}deploy/compose/haproxy.cfg`,
        '-f',
        users,
      ]);
      expect(compose.output).toContain('Configuration file is valid');
    });
  },
);
