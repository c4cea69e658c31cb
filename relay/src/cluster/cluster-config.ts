import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isLoopbackHost } from '../auth/loopback.ts';
import { envNumber } from '../env/env-fields.ts';
import { readEnv, type Env } from '../env/read-env.ts';
import { passwordOf, urlPasswordProblem } from '../env/secret-strength.ts';

const envSchema = z.object({
  /**
   * redis://… : share sessions, limits and tickets with the other relays. Unset = this process
   * only. Beyond loopback it needs a password (`redis://:PASSWORD@host:6379`, or an ACL user's
   * `redis://USER:PASSWORD@host:6379`): whoever can write to Redis can write a ticket.
   */
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be redis://… or rediss://…' })
    .optional()
    .superRefine((raw, ctx) => {
      const problem = raw === undefined ? null : redisUrlProblem(raw);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** This relay's name among the others (logs, session ownership). Default: host-pid-random. */
  RELAY_ID: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'letters, digits, dot, dash or underscore; at most 64')
    .optional(),
  /** How long a session's ownership outlives a relay that stopped renewing it (s). */
  CLUSTER_LEASE_S: envNumber({
    default: 15,
    min: 2,
    max: 600,
    meaning: 'seconds a session stays owned by a relay that stopped renewing it',
  }),
  /** How long a relay waits for another to hand over a session being resumed (s). */
  CLUSTER_TAKEOVER_TIMEOUT_S: envNumber({
    default: 5,
    min: 0.5,
    max: 60,
    meaning: 'seconds to wait for another relay to hand a session over',
  }),
  /** Prefix of every Redis key (several deployments may share one Redis). */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,40}$/)
    .default('parley:'),
});

/**
 * Why `url` is no Redis address to share tickets and sessions through, or null: a Redis beyond
 * this machine without a password (anyone who reaches it could write a ticket and sign in as
 * anyone), or a password that is a placeholder or guessable.
 */
function redisUrlProblem(url: string): string | null {
  const host = URL.parse(url)?.hostname ?? '';
  if (passwordOf(url) === '' && !isLoopbackHost(host))
    return (
      `has no password, and Redis at ${host} can be reached from other machines: whoever ` +
      'reaches it can write a connection ticket and sign in as anyone. Give Redis a password ' +
      '(requirepass, or an ACL user) and put it here: redis://:PASSWORD@host:6379 or ' +
      'redis://USER:PASSWORD@host:6379 (make one with `openssl rand -hex 24`)'
    );
  return urlPasswordProblem(url, isLoopbackHost);
}

export interface ClusterConfig {
  redisUrl: string | null;
  relayId: string;
  leaseMs: number;
  takeoverTimeoutMs: number;
  keyPrefix: string;
}

/** Reads the cluster settings; throws one error listing every problem. */
export function loadClusterConfig(env: Env): ClusterConfig {
  const e = readEnv(envSchema, env, 'cluster');
  return {
    redisUrl: e.REDIS_URL ?? null,
    relayId:
      e.RELAY_ID ??
      `${hostname()
        .replace(/[^\w.-]/g, '-')
        .slice(0, 40)}-${process.pid}-${randomBytes(3).toString('hex')}`,
    leaseMs: Math.round(e.CLUSTER_LEASE_S * 1000),
    takeoverTimeoutMs: Math.round(e.CLUSTER_TAKEOVER_TIMEOUT_S * 1000),
    keyPrefix: e.REDIS_KEY_PREFIX,
  };
}
