import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  KEY_RULE,
  placeholderIn,
  secretProblem,
  TOKEN_RULE,
  urlPasswordProblem,
} from './secret-strength.ts';

const isLocal = (host: string) => host === '127.0.0.1' || host === 'localhost';

describe('secretProblem', () => {
  it("refuses the templates' placeholders, whatever their length, naming how to make one", () => {
    for (const placeholder of [
      'replace-with-at-least-32-random-characters',
      'replace-with-32-random-bytes-base64',
      'replace-with-a-random-token-of-24-or-more-chars',
      'changeme-changeme-changeme-changeme',
      '<your-jwt-secret-of-32-characters-or-more>',
      'your-secret-key-goes-here-0123456789abcdef',
      'an-example-token-for-the-docs-0123456789',
      '…',
    ]) {
      const problem = secretProblem(placeholder, KEY_RULE);
      expect(problem, placeholder).toMatch(/^is a placeholder \("[^"]+"\), not a secret/);
      expect(problem).toContain('`openssl rand -base64 48`');
      // The mark is quoted, never the value (`…` is all mark).
      if (placeholder !== '…') expect(problem).not.toContain(placeholder);
    }
  });

  it('refuses a short secret, and guessable ones: repeats, sequences, keyboard rows, common passwords', () => {
    expect(secretProblem('Zq81vK0pLmHx72b', TOKEN_RULE)).toMatch(/at least 24 random characters/);
    for (const guessable of [
      'x'.repeat(32),
      'abcdefghijklmnopqrstuvwxyz012345',
      '0123456789abcdef0123456789abcdef',
      'qwertyuiopasdfghjklzxcvbnm123456',
      'passwordpasswordpassword12345678',
      'Tr0ub4dor&3Tr0ub4dor&3Tr0ub4dor&3',
      'parleyparleyparleyparleyparleyparley',
      Buffer.alloc(32).toString('base64'),
    ]) {
      const problem = secretProblem(guessable, KEY_RULE);
      expect(problem, guessable).toMatch(/^is guessable \(.*about \d+ bits .* at least 80/);
      expect(problem).not.toContain(guessable);
    }
  });

  it('takes what openssl rand makes, every time', () => {
    for (let i = 0; i < 20; i++) {
      expect(secretProblem(randomBytes(48).toString('base64'), KEY_RULE)).toBeNull();
      expect(secretProblem(randomBytes(32).toString('base64'), KEY_RULE)).toBeNull();
      expect(secretProblem(randomBytes(24).toString('hex'), TOKEN_RULE)).toBeNull();
      expect(secretProblem(randomBytes(12).toString('hex'), TOKEN_RULE)).toBeNull();
    }
  });

  it('finds no placeholder in random text', () => {
    for (let i = 0; i < 200; i++)
      expect(placeholderIn(randomBytes(48).toString('base64'))).toBeNull();
  });
});

describe('urlPasswordProblem', () => {
  const strong = randomBytes(24).toString('hex');

  it('refuses a placeholder password, even on loopback, never quoting it', () => {
    for (const host of ['db.internal', '127.0.0.1']) {
      const problem = urlPasswordProblem(
        `postgres://parley:replace-me@${host}:5432/parley`,
        isLocal,
      );
      expect(problem).toMatch(/^its password is a placeholder/);
      expect(problem).not.toContain('replace-me');
    }
  });

  it('refuses a guessable password beyond this machine only', () => {
    expect(urlPasswordProblem('redis://:parley@redis.internal:6379', isLocal)).toMatch(
      /^its password must be at least 16 random characters/,
    );
    expect(urlPasswordProblem('redis://:redisredisredisredis@redis.internal', isLocal)).toMatch(
      /^its password is guessable/,
    );
    expect(urlPasswordProblem('postgres://parley:parley@localhost/parley', isLocal)).toBeNull();
    expect(urlPasswordProblem(`redis://:${strong}@redis.internal:6379`, isLocal)).toBeNull();
    expect(urlPasswordProblem(`redis://parley:${strong}@redis.internal:6379`, isLocal)).toBeNull();
  });

  it('has nothing to say of an address without a password', () => {
    expect(urlPasswordProblem('postgres://parley@db.internal/parley', isLocal)).toBeNull();
    expect(urlPasswordProblem('not a url', isLocal)).toBeNull();
  });
});
