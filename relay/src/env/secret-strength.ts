import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * Whether a secret the relay is given is one: not a template's placeholder, long enough, and
 * not guessable. The checks run at start-up, on every secret the relay mints or verifies with
 * (`JWT_SECRET`, `SETTINGS_KEY`, `ADMIN_TOKEN`, `METRICS_TOKEN`, the passwords in
 * `DATABASE_URL` and `REDIS_URL`); no message echoes the value.
 */

/** What a kind of secret must be, and how to make a good one. */
export interface SecretRule {
  /** Fewest characters. */
  minChars: number;
  /**
   * Least estimated guessing work, in bits (log2 of the guesses zxcvbn estimates an attacker
   * needs): higher for a key that can be tested offline (anyone with one signed token or a copy
   * of the database tries guesses at GPU speed) than for a token every guess of which is a
   * request to a server.
   */
  minBits: number;
  /** A command that makes one, e.g. `openssl rand -base64 48`. */
  make: string;
}

/** A key tested offline: the JWT signing secret, the key sealing saved API keys. */
export const KEY_RULE: SecretRule = { minChars: 32, minBits: 80, make: 'openssl rand -base64 48' };

/** A bearer token a server compares, one request per guess: the admin and metrics tokens. */
export const TOKEN_RULE: SecretRule = { minChars: 24, minBits: 50, make: 'openssl rand -hex 24' };

/** A service's password (PostgreSQL, Redis): one connection per guess. */
export const PASSWORD_RULE: SecretRule = {
  minChars: 16,
  minBits: 50,
  make: 'openssl rand -hex 24',
};

/**
 * Marks of a value left as a template or a guide wrote it (`replace-with-…`, `changeme`,
 * `<your-token>`, `…`): each a pattern and the words the refusal quotes. Data, not code: a
 * template that ships another wording adds it here.
 */
export const PLACEHOLDER_MARKS: readonly { pattern: RegExp; quoted: string }[] = [
  { pattern: /replace[-_ .]?(?:with|me|this|it)/i, quoted: 'replace-…' },
  { pattern: /change[-_ .]?(?:me|this|it)/i, quoted: 'changeme' },
  { pattern: /placeholder/i, quoted: 'placeholder' },
  { pattern: /example/i, quoted: 'example' },
  { pattern: /your[-_ .]?(?:secret|token|key|password|pass)/i, quoted: 'your-…' },
  { pattern: /insert[-_ .]?(?:here|your|secret|token|key|password)/i, quoted: 'insert-…' },
  { pattern: /<[^<>]*>/, quoted: '<…>' },
  { pattern: /…|\.\.\./, quoted: '…' },
  { pattern: /\b(?:todo|fixme|tbd)\b/i, quoted: 'TODO' },
];

/**
 * Words a secret of this product is named by: a value built of them ("parley-admin-token")
 * counts as words, as a dictionary's do.
 */
const PRODUCT_WORDS = ['parley', 'relay', 'secret', 'token', 'admin', 'metrics', 'jwt', 'redis'];

let estimator: ZxcvbnFactory | null = null;

/**
 * zxcvbn's estimator, loaded and made on first use (a relay given no secret, dev mode's, never
 * loads its word lists): its common passwords, common words and keyboard layouts. Substitutions
 * (l33t) are not tried: with them, a random key of 64 characters took seconds to judge, and a
 * l33t-spelt phrase is still words.
 */
function zxcvbn(): ZxcvbnFactory {
  if (estimator) return estimator;
  // Node 20 and 22 resolve a package's link (pnpm's node_modules) with a realpath that reads the
  // last stat made anywhere in the process: after one of a FIFO or a socket it stops early, and
  // zxcvbn loads from its link, where its own dependency is not found. A stat of a file first
  // (this module's) gives it a file's. Node 24 fixed it. (secret-strength-after-fifo.test.ts)
  statSync(fileURLToPath(import.meta.url));
  const load = createRequire(import.meta.url);
  const core = load('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const common = load('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  estimator = new core.ZxcvbnFactory({
    dictionary: common.dictionary,
    graphs: common.adjacencyGraphs,
    l33tMaxSubstitutions: 0,
  });
  return estimator;
}

/** The guessing work zxcvbn estimates for `value`, in bits. */
export function estimatedBits(value: string): number {
  return zxcvbn().check(value, PRODUCT_WORDS).guessesLog10 * Math.log2(10);
}

/** The placeholder mark `value` carries (its quoted words), or null. Pure. */
export function placeholderIn(value: string): string | null {
  return PLACEHOLDER_MARKS.find((m) => m.pattern.test(value))?.quoted ?? null;
}

/**
 * Why `value` is no good as a secret of this `rule`, or null when it is. The reason is a
 * sentence to follow the variable's name (`JWT_SECRET: …`), ending with how to make a good one;
 * it never quotes the value.
 */
export function secretProblem(value: string, rule: SecretRule): string | null {
  const how = `make one with \`${rule.make}\``;
  const mark = placeholderIn(value);
  if (mark !== null)
    return `is a placeholder ("${mark}"), not a secret: anyone who read the template knows it; ${how}`;
  if (value.length < rule.minChars)
    return `must be at least ${rule.minChars} random characters; ${how}`;
  const bits = Math.floor(estimatedBits(value));
  if (bits < rule.minBits)
    return (
      `is guessable (words, repeats, sequences or keyboard patterns: about ${bits} bits of ` +
      `guessing where at least ${rule.minBits} are needed); ${how}`
    );
  return null;
}

/**
 * Why the password in service address `url` (`postgres://user:password@host/db`,
 * `redis://:password@host:6379`) is no good, or null when it is, or it has none, or `url` is
 * not a URL. A placeholder is refused wherever the service is; a short or guessable password
 * only for a service beyond this machine (its host not `isLocalHost`): one on loopback is
 * reached from this machine only. Never quotes the password.
 */
export function urlPasswordProblem(
  url: string,
  isLocalHost: (host: string) => boolean,
): string | null {
  const password = passwordOf(url);
  if (password === '') return null;
  const mark = placeholderIn(password);
  if (mark !== null) return `its password ${secretProblem(password, PASSWORD_RULE) ?? ''}`;
  if (isLocalHost(URL.parse(url)?.hostname ?? '')) return null;
  const problem = secretProblem(password, PASSWORD_RULE);
  return problem === null ? null : `its password ${problem}`;
}

/** The password of `url`, percent-decoded; empty when it has none or is not a URL. */
export function passwordOf(url: string): string {
  const parsed = URL.parse(url);
  if (parsed === null || parsed.password === '') return '';
  try {
    return decodeURIComponent(parsed.password);
  } catch {
    return parsed.password;
  }
}
