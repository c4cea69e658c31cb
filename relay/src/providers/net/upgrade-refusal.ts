import type { IncomingMessage } from 'node:http';
import { ProviderError } from './provider-error.ts';

/** Most of a refused upgrade's body read (the error keeps less). */
const MAX_READ_CHARS = 4096;

/**
 * Why a provider refused a WebSocket upgrade, from its HTTP answer: `auth` for 401/403, else
 * `http`, with its status, its `Retry-After` and the start of its body. A redirect is not
 * followed (the key would go with it) and is reported as such.
 */
export function upgradeRefusal(
  providerId: string,
  res: IncomingMessage,
  secrets: readonly string[],
): Promise<ProviderError> {
  const status = res.statusCode ?? 0;
  const retryAfterS = Number(res.headers['retry-after']);
  const kind = status === 401 || status === 403 ? 'auth' : 'http';
  const error = (excerpt: string) =>
    new ProviderError(providerId, kind, `upgrade refused: HTTP ${status}`, {
      status,
      excerpt,
      secrets,
      ...(retryAfterS > 0 ? { retryAfterMs: retryAfterS * 1000 } : {}),
    });
  if (status >= 300 && status < 400) {
    res.resume();
    return Promise.resolve(error('a redirect, not followed: the key stays with the address set'));
  }
  return new Promise((resolve) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      if (body.length < MAX_READ_CHARS) body += chunk;
    });
    const done = () => resolve(error(body));
    res.on('end', done);
    res.on('error', done);
    res.on('close', done);
  });
}
