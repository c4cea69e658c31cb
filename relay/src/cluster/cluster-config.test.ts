import { describe, expect, it } from 'vitest';
import { loadClusterConfig } from './cluster-config.ts';

/** The error `loadClusterConfig(env)` throws. */
function refusal(env: Record<string, string>): string {
  try {
    loadClusterConfig(env);
  } catch (err) {
    return String(err);
  }
  throw new Error('expected the settings to be refused');
}

const STRONG = '5f0c9a7e2b41d8c6a3f19e07b254d8c1e6a09f3b7d2c4e81';

describe('loadClusterConfig: REDIS_URL', () => {
  it('refuses a Redis beyond loopback without a password: whoever reaches it could write a ticket', () => {
    const message = refusal({ REDIS_URL: 'redis://redis.parley.svc.cluster.local:6379' });
    expect(message).toMatch(
      /REDIS_URL: has no password, and Redis at redis\.parley\.svc\.cluster\.local can be reached from other machines/,
    );
    expect(message).toContain('redis://:PASSWORD@host:6379');
    expect(refusal({ REDIS_URL: 'rediss://redis.internal:6380' })).toMatch(/has no password/);
  });

  it('refuses a placeholder or guessable password, never quoting it', () => {
    const placeholder = refusal({ REDIS_URL: 'redis://:replace-me@redis:6379' });
    expect(placeholder).toMatch(/REDIS_URL: its password is a placeholder/);
    expect(placeholder).not.toContain('replace-me');
    expect(refusal({ REDIS_URL: 'redis://parley:redis@redis:6379' })).toMatch(
      /REDIS_URL: its password must be at least 16 random characters/,
    );
  });

  it('takes a strong password, an ACL user, and a loopback Redis without one', () => {
    for (const url of [
      `redis://:${STRONG}@redis:6379`,
      `redis://parley:${STRONG}@redis.internal:6379`,
      'redis://127.0.0.1:6379',
      'redis://localhost:6379/2',
    ])
      expect(loadClusterConfig({ REDIS_URL: url }).redisUrl).toBe(url);
    expect(loadClusterConfig({}).redisUrl).toBeNull();
  });
});
