import { retryAfterMs } from './retry-after.ts';
import { ProviderError, asProviderError } from './provider-error.ts';

/** Longest error body kept for a message (provider error bodies can be large HTML pages). */
const MAX_ERROR_BODY = 300;

/**
 * `fetch` for provider adapters: a non-2xx answer becomes a {@link ProviderError} whose message
 * carries the status and the start of the body (never the request, so never a key); network
 * failures become `network` errors; an abort stays an AbortError.
 */
export async function providerFetch(
  providerId: string,
  url: string,
  init: RequestInit & { signal: AbortSignal },
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    throw asProviderError(providerId, err);
  }
  if (res.ok) return res;
  const body = await res.text().catch(() => '');
  const detail = body.replace(/\s+/g, ' ').slice(0, MAX_ERROR_BODY);
  // Either form of the header (seconds or an HTTP date); the failover chain honours it.
  const retryAfter = retryAfterMs(res.headers.get('retry-after'), Date.now());
  throw new ProviderError(
    providerId,
    res.status === 401 || res.status === 403 ? 'auth' : 'http',
    `HTTP ${res.status}${detail ? `: ${detail}` : ''}`,
    {
      status: res.status,
      ...(retryAfter === null ? {} : { retryAfterMs: retryAfter }),
    },
  );
}

/** Reads a response body as it arrives; network failures mid-body become `network` errors. */
export async function* readBody(
  providerId: string,
  res: Response,
): AsyncGenerator<Uint8Array, void, undefined> {
  if (!res.body) throw new ProviderError(providerId, 'protocol', 'response has no body');
  const reader = res.body.getReader();
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (err) {
        throw asProviderError(providerId, err);
      }
      if (chunk.done) return;
      yield chunk.value;
    }
  } finally {
    // Closes the upstream connection when the consumer stops early (abort, break, error).
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * A health probe: a GET that must answer 2xx (its body is not read). Providers list their models
 * with it: reachable, and the credentials are accepted.
 */
export async function probeGet(
  providerId: string,
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<void> {
  const res = await providerFetch(providerId, url, { headers, signal });
  await res.body?.cancel();
}

/** Joins a base URL and a path without doubling or dropping slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
