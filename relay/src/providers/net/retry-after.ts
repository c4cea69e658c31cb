/** Longest wait a `Retry-After` may impose on a provider (ms): past it, a bad value is ignored. */
export const MAX_RETRY_AFTER_MS = 600_000;

/**
 * How long a provider asked us to wait, from its `Retry-After` header (RFC 9110 §10.2.3): either
 * delay-seconds or an HTTP date. Null when absent, unreadable, not in the future, or further
 * away than `maxMs` (a provider does not get to switch itself off for a day by mistake).
 * Pure: `nowMs` is the clock (epoch ms) the date form is read against.
 */
export function retryAfterMs(
  header: string | null | undefined,
  nowMs: number,
  maxMs: number = MAX_RETRY_AFTER_MS,
): number | null {
  const value = header?.trim();
  if (!value) return null;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(value)) {
    ms = Number(value) * 1000;
  } else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return null;
    ms = at - nowMs;
  }
  if (!(ms > 0) || ms > maxMs) return null;
  return Math.ceil(ms);
}
