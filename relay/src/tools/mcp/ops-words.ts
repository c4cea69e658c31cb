import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { httpStatusOf, McpConnectError, type McpFailureKind } from './mcp-failure.ts';

/**
 * Why a server failed, for `/ops` (issue 60, item 13): the relay's own words, by the kind of
 * failure and the HTTP status's class, never what the server sent — an error page may quote an
 * internal service, a stack or a header it was sent. What it said goes to the log, scrubbed.
 * Pure. `transport` decides the words for a server that could not be reached (no address to
 * name for a stdio one: it did not start).
 */
export function opsWords(kind: McpFailureKind, err: unknown, transport: 'http' | 'stdio'): string {
  const inner = err instanceof McpConnectError ? err.cause : err;
  const status = httpStatusOf(inner);
  if (status !== null) return statusWords(status);
  switch (kind) {
    case 'unreachable':
      return transport === 'http'
        ? 'Nothing answers at its address.'
        : 'It did not start, or did not answer MCP’s handshake: the relay’s log has what it printed.';
    case 'closed':
      return 'The connection to it was lost.';
    case 'malformed':
      return 'It answered something that is not MCP.';
    case 'server-error':
      return inner instanceof McpError
        ? `It answered with an MCP error (${inner.code}): the relay’s log has its words.`
        : 'It answered with an error: the relay’s log has its words.';
    case 'timeout':
    case 'too-large':
    case 'skipped':
    case 'refused':
    case 'changed':
    case 'users-read-only':
      // The failure's own sentence says it all.
      return '';
  }
}

/** An HTTP status's plain words, by class (the server's body is never quoted). */
function statusWords(status: number): string {
  if (status === 401 || status === 403)
    return `HTTP ${status}: the server refused the credentials it was sent (its token): add it again with the right one.`;
  if (status >= 300 && status < 400)
    return `HTTP ${status}: it sends requests elsewhere, which is not followed beyond its own origin: give the address it moved to (the relay’s log names it).`;
  if (status === 404) return 'HTTP 404: nothing at that address: is it the server’s MCP endpoint?';
  if (status === 429) return 'HTTP 429: the server is limiting requests: it may answer later.';
  if (status >= 500)
    return `HTTP ${status}: the server failed: its log, and the relay’s, say more.`;
  return `HTTP ${status}: the server refused the request: the relay’s log has its answer.`;
}
