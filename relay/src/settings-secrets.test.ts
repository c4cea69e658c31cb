import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSettings } from './settings.ts';

/** What deploy/k8s/secret.yaml shipped before issue 60: a relay applied with it as it was. */
const SHIPPED_PLACEHOLDERS = {
  JWT_SECRET: 'replace-with-at-least-32-random-characters',
  SETTINGS_KEY: 'replace-with-32-random-bytes-base64',
  METRICS_TOKEN: 'replace-with-a-random-token',
  DATABASE_URL: 'postgres://parley:replace-me@postgres.parley.svc.cluster.local:5432/parley',
};
const JWT_RELAY = { AUTH_MODE: 'jwt', ALLOWED_ORIGINS: 'https://chat.example.com' };

/** The error `loadSettings(env)` throws. */
function refusal(env: Record<string, string>): string {
  try {
    loadSettings(env);
  } catch (err) {
    return String(err);
  }
  throw new Error('expected the settings to be refused');
}

describe("loadSettings: the relay's secrets", () => {
  it('refuses the shipped placeholders, each by name with how to make a good one, quoting none', () => {
    const message = refusal({
      ...JWT_RELAY,
      ...SHIPPED_PLACEHOLDERS,
      ADMIN_TOKEN: 'changeme-changeme-changeme',
      REDIS_URL: 'redis://redis.parley.svc.cluster.local:6379',
    });
    expect(message).toMatch(/JWT_SECRET is a placeholder .*`openssl rand -base64 48`/);
    expect(message).toMatch(/SETTINGS_KEY: must be 32 random bytes in base64/);
    expect(message).toMatch(/METRICS_TOKEN: is a placeholder .*`openssl rand -hex 24`/);
    expect(message).toMatch(/ADMIN_TOKEN: is a placeholder/);
    expect(message).toMatch(/DATABASE_URL: its password is a placeholder/);
    expect(message).toMatch(/REDIS_URL: has no password/);
    for (const value of Object.values(SHIPPED_PLACEHOLDERS)) expect(message).not.toContain(value);
    expect(message).not.toContain('changeme-changeme');
  });

  it('refuses guessable secrets, and takes what openssl rand makes', () => {
    const message = refusal({
      ...JWT_RELAY,
      JWT_SECRET: 'abcdefghijklmnopqrstuvwxyz0123456789',
      ADMIN_TOKEN: 'passwordpasswordpassword',
    });
    expect(message).toMatch(/JWT_SECRET is guessable/);
    expect(message).toMatch(/ADMIN_TOKEN: is guessable/);
    const settings = loadSettings({
      ...JWT_RELAY,
      JWT_SECRET: randomBytes(48).toString('base64'),
      SETTINGS_KEY: randomBytes(32).toString('base64'),
      ADMIN_TOKEN: randomBytes(24).toString('hex'),
      METRICS_TOKEN: randomBytes(24).toString('hex'),
      DATABASE_URL: `postgres://parley:${randomBytes(24).toString('hex')}@db.internal/parley`,
      REDIS_URL: `redis://parley:${randomBytes(24).toString('hex')}@redis.internal:6379`,
    });
    expect(settings.auth.mode).toBe('jwt');
  });

  it('needs none in dev mode on loopback', () => {
    expect(loadSettings({}).auth.mode).toBe('dev');
  });
});
