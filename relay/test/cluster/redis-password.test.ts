import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helloFor, RawClient } from '../clients.ts';
import { startTestRelay } from '../harness.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from '../relay-process.ts';
import { clusterSkipReason, RedisServer } from './daemons.ts';
import { fillTemplate } from './template.ts';

const skip = clusterSkipReason(['redis-server']);
const ADMIN = 'redis-password-admin-token-0123456789abcdef';
/** As docs/deploying.md makes it: `openssl rand -hex 24`. */
const PASSWORD = randomBytes(24).toString('hex');

/**
 * deploy/compose/redis-users.acl.template filled as docs/deploying.md's command fills it: its
 * comments left out, the password's SHA-256 in.
 */
function composeRedisUsers(password: string): string {
  const sha256 = createHash('sha256').update(password).digest('hex');
  return fillTemplate('compose/redis-users.acl.template', { REDIS_PASSWORD_SHA256: sha256 })
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n');
}

describe.skipIf(skip !== null)(
  `Redis with deploy/compose's users: the relays' password${skip ? ` (SKIPPED: ${skip})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-redis-users-'));
    const aclFile = join(dir, 'redis-users.acl');
    const redis = new RedisServer({ aclFile, username: 'parley', password: PASSWORD });
    const at = (auth: string) => redis.url.replace('redis://', `redis://${auth}`);
    beforeAll(async () => {
      writeFileSync(aclFile, composeRedisUsers(PASSWORD));
      await redis.start(dir);
    });
    afterAll(async () => {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a relay without the password, or with another, is refused at start, never naming it; one with it serves', async () => {
      // Whoever reaches Redis without the password writes no ticket (nor anything else).
      const intruder = new Redis(redis.port, '127.0.0.1', {
        lazyConnect: true,
        enableReadyCheck: false,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      intruder.on('error', () => {});
      await intruder.connect();
      await expect(intruder.set('parley:ticket:forged', 'alice')).rejects.toThrow(/NOAUTH/);
      intruder.disconnect();

      await expect(startTestRelay({ REDIS_URL: redis.url })).rejects.toThrow(
        /Redis at redis:\/\/127\.0\.0\.1:\d+ refused the relay \(REDIS_URL\): NOAUTH/,
      );
      const wrong = randomBytes(24).toString('hex');
      const refused = await startTestRelay({ REDIS_URL: at(`parley:${wrong}@`) }).then(
        () => '',
        (err: unknown) => String(err),
      );
      expect(refused).toMatch(
        /redis:\/\/…@127\.0\.0\.1:\d+ refused the relay \(REDIS_URL\): WRONGPASS/,
      );
      expect(refused).not.toContain(wrong);

      const relay = await startTestRelay({ REDIS_URL: at(`parley:${PASSWORD}@`) });
      try {
        // The connection ticket is written to Redis and redeemed from it.
        const client = await RawClient.open(relay.wsUrl);
        client.send(await helloFor(relay));
        expect((await client.next('ready')).sessionId).toMatch(/./);
        client.ws.close(1000);
      } finally {
        await relay.close();
      }
    });

    it('the password reaches no log line and no admin answer, through an outage of Redis', async () => {
      const relay = new RelayProcess(await freePort(), {
        ...TEST_RELAY_ENV,
        ADMIN_TOKEN: ADMIN,
        LOG_LEVEL: 'debug',
        REDIS_URL: at(`parley:${PASSWORD}@`),
      });
      await relay.start();
      try {
        const client = await RawClient.open(relay.wsUrl);
        client.send(await helloFor(relay));
        await client.next('ready');
        client.ws.close(1000);
        await redis.stop();
        await expect
          .poll(() => relay.output, { timeout: 15_000 })
          .toContain('Redis connection error');
        await redis.start(dir, true);
        await expect
          .poll(() => relay.output, { timeout: 15_000 })
          .toContain('Redis connection restored');
        const answers = await Promise.all(
          ['/api/admin/overview', '/api/status', '/ready'].map((path) =>
            fetch(`${relay.url}${path}`, { headers: { Authorization: `Bearer ${ADMIN}` } }).then(
              (r) => r.text(),
            ),
          ),
        );
        expect(answers[0]).toContain('"providers"');
        expect(relay.output + answers.join('')).not.toContain(PASSWORD);
      } finally {
        await relay.stop();
      }
    });
  },
);
