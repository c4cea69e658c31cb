import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Whether an `Authorization` header carries `Bearer <expected>`, compared in constant time (on
 * digests, so the lengths leak nothing either). For the relay's own static tokens (admin,
 * metrics); users' tokens go through the authenticator.
 */
export function bearerMatches(header: string | undefined, expected: string): boolean {
  const given = header?.startsWith('Bearer ') ? header.slice(7) : '';
  return timingSafeEqual(digest(given), digest(expected));
}
