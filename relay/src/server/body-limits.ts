import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RelayError } from '../errors.ts';
import { ERROR_REPORTS_PATH, MAX_REPORT_BYTES } from './error-tracking-api.ts';
import { MAX_BODY_BYTES } from './preferences-api.ts';

/**
 * Largest body of a request to any route without a larger limit below: the JSON bodies the API
 * takes otherwise (a conversation's title, an empty ticket request) are well under 1 KiB.
 */
const MAX_REQUEST_BODY_BYTES = 4 * 1024;

/**
 * Largest body of the provider settings routes: up to 4 entries per stage (12 in all), each an
 * id, a URL (300 characters), a model (200) and a key (500), JSON-escaped.
 */
const MAX_SETTINGS_BODY_BYTES = 64 * 1024;

/** The routes whose bodies need more than {@link MAX_REQUEST_BODY_BYTES}, by exact path. */
const LARGER_BODIES: ReadonlyMap<string, number> = new Map([
  [ERROR_REPORTS_PATH, MAX_REPORT_BYTES],
  ['/api/preferences', MAX_BODY_BYTES],
  ['/api/admin/settings', MAX_SETTINGS_BODY_BYTES],
  ['/api/admin/settings/models', MAX_SETTINGS_BODY_BYTES],
  ['/api/admin/settings/test', MAX_SETTINGS_BODY_BYTES],
]);

/**
 * Every request's body limit, applied in one place before any route reads a body: a declared
 * `Content-Length` over the limit is refused at once, and a chunked body as soon as what arrived
 * passes it (Hono's `bodyLimit` counts as it reads), so an oversized body is never held whole.
 * The refusal is a typed 413 ({@link RelayError.payloadTooLarge}) through the app's one error
 * path.
 */
export function bodyLimits(): MiddlewareHandler {
  const limiter = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw RelayError.payloadTooLarge(maxSize);
      },
    });
  const fallback = limiter(MAX_REQUEST_BODY_BYTES);
  const byPath = new Map([...LARGER_BODIES].map(([path, size]) => [path, limiter(size)]));
  return async (c, next) => (byPath.get(c.req.path) ?? fallback)(c, next);
}
