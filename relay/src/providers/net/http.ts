import { currentTraceparent } from '../../observability/tracing/trace-context.ts';
import { providerConnections } from './connections.ts';
import { contextRefusal } from './context-refusal.ts';
import { retryAfterMs } from './retry-after.ts';
import { ProviderError, asProviderError } from './provider-error.ts';
import { scrubSecrets, secretsSent } from '../../secrets/secret-scrub.ts';

/**
 * `fetch` for provider adapters. A non-2xx answer becomes a {@link ProviderError} with the status
 * and the start of the body, scrubbed of the credentials the request carried (its key headers,
 * URL user info and secret query values) and of key-shaped words; a 400 that says the request
 * does not fit the model's context is marked so (`contextExceeded`, see `contextRefusal`);
 * network failures become `network` errors, scrubbed the same way; an abort stays an AbortError.
 *
 * Redirects are not followed: a key header would go with the request to wherever the provider
 * (or whoever answers in its place) points, and fetch drops only `Authorization` on a
 * cross-origin redirect, not `x-api-key` or `xi-api-key`. A 3xx is an `http` error naming the
 * new location, for the operator to put in the configuration if it is right.
 *
 * Every request goes through the origin's kept-alive pool ({@link providerConnections}).
 */
export async function providerFetch(
  providerId: string,
  url: string,
  init: RequestInit & { signal: AbortSignal },
): Promise<Response> {
  const secrets = secretsSent(url, init.headers);
  let res: Response;
  try {
    const dispatcher = providerConnections().dispatcherFor(url);
    res = await fetch(url, { ...init, ...traced(init.headers), redirect: 'manual', dispatcher });
  } catch (err) {
    throw asProviderError(providerId, err, secrets);
  }
  if (res.ok) return res;
  const status = res.status;
  if (status >= 300 && status < 400) {
    await res.body?.cancel().catch(() => undefined);
    throw new ProviderError(providerId, 'http', redirected(status, url, res), { status, secrets });
  }
  const body = await res.text().catch(() => '');
  // Either form of the header (seconds or an HTTP date); the failover chain honours it.
  const retryAfter = retryAfterMs(res.headers.get('retry-after'), Date.now());
  // The request does not fit the model: the provider is fine (see ProviderError.contextExceeded).
  const refusal = contextRefusal(status, body);
  throw new ProviderError(
    providerId,
    status === 401 || status === 403 ? 'auth' : 'http',
    `HTTP ${status}`,
    {
      status,
      excerpt: body,
      secrets,
      ...(retryAfter === null ? {} : { retryAfterMs: retryAfter }),
      ...(refusal === null ? {} : { contextExceeded: true, ...refusal }),
    },
  );
}

/**
 * The request's headers with the `traceparent` of the stage it is made for, when tracing is on
 * (see trace-context.ts); else nothing to change.
 */
function traced(headers: RequestInit['headers']): { headers?: Headers } {
  const traceparent = currentTraceparent();
  if (traceparent === undefined) return {};
  const withTrace = new Headers(headers);
  withTrace.set('traceparent', traceparent);
  return { headers: withTrace };
}

/** What a redirect said: where to (scrubbed of credentials), and that it was not followed. */
function redirected(status: number, from: string, res: Response): string {
  const location = res.headers.get('location');
  if (location === null) return `HTTP ${status}: a redirect without a location`;
  const to = URL.canParse(location, from) ? new URL(location, from).href : location;
  return `HTTP ${status}: redirected to ${scrubSecrets(to)} (not followed: the key stays with the configured address)`;
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
