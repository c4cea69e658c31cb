import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { USER_HEADER, USER_META } from './user-pseudonym.ts';

/** The user a `tools/call` body names in its `_meta` (see {@link USER_META}), if any. */
function userOf(body: unknown): string | null {
  if (typeof body !== 'string' || !body.includes(USER_META)) return null;
  try {
    const m = JSON.parse(body) as {
      method?: unknown;
      params?: { _meta?: Record<string, unknown> };
    };
    const user = m.method === 'tools/call' ? m.params?._meta?.[USER_META] : undefined;
    return typeof user === 'string' ? user : null;
  } catch {
    return null;
  }
}

/**
 * `fetch` for an HTTP MCP server that also sends the user a call is for as a header
 * ({@link USER_HEADER}), for a server (or a gateway in front of it) that keys its data by it
 * without reading `_meta`. The header carries what `_meta` does: the pseudonym, never the id.
 */
export function fetchWithUser(base: FetchLike): FetchLike {
  return (url, init) => {
    const user = userOf(init?.body);
    if (user === null) return base(url, init);
    const headers = new Headers(init?.headers);
    headers.set(USER_HEADER, user);
    return base(url, { ...init, headers });
  };
}
