import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { McpConnectError } from './mcp-failure.ts';
import { opsWords } from './ops-words.ts';

const BODY = 'stack at /srv/internal/app.js, db 10.0.0.3';

describe('why an MCP server failed, for /ops', () => {
  it('says the HTTP status by its class, never the body the server sent', () => {
    const words = (status: number) =>
      opsWords('unreachable', new McpConnectError(new StreamableHTTPError(status, BODY)), 'http');
    expect(words(401)).toMatch(/^HTTP 401: the server refused the credentials/);
    expect(words(302)).toMatch(/^HTTP 302: it sends requests elsewhere/);
    expect(words(404)).toMatch(/^HTTP 404: nothing at that address/);
    expect(words(429)).toMatch(/^HTTP 429: the server is limiting requests/);
    expect(words(503)).toMatch(/^HTTP 503: the server failed/);
    expect(words(422)).toMatch(/^HTTP 422: the server refused the request/);
    for (const status of [302, 401, 404, 422, 429, 503])
      expect(words(status)).not.toMatch(/srv|10\.0\.0\.3/);
  });

  it('says what happened without a status in its own words', () => {
    expect(opsWords('unreachable', new Error(BODY), 'http')).toBe(
      'Nothing answers at its address.',
    );
    expect(opsWords('unreachable', new Error(BODY), 'stdio')).toMatch(/^It did not start/);
    expect(opsWords('server-error', new McpError(ErrorCode.InternalError, BODY), 'http')).toBe(
      'It answered with an MCP error (-32603): the relay’s log has its words.',
    );
    expect(opsWords('malformed', new Error(BODY), 'http')).toBe(
      'It answered something that is not MCP.',
    );
  });
});
