import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  failureKind,
  failureResult,
  McpCommandRefused,
  McpConnectError,
  mcpFailure,
  operatorWords,
} from './mcp-failure.ts';

const at = { server: 'memory', timeoutMs: 15_000 };
const zodError = () => {
  const parsed = z.object({ content: z.array(z.unknown()) }).safeParse({ content: 7 });
  if (parsed.success) throw new Error('parsed');
  return parsed.error;
};

describe('how an MCP call failed', () => {
  it('is told from what was thrown', () => {
    expect(failureKind(new Error('anything'), true)).toBe('timeout');
    expect(failureKind(new McpError(ErrorCode.RequestTimeout, 'Request timed out'), false)).toBe(
      'timeout',
    );
    expect(failureKind(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'), false)).toBe(
      'closed',
    );
    expect(failureKind(new McpError(ErrorCode.InternalError, 'boom'), false)).toBe('server-error');
    expect(failureKind(new McpConnectError(new Error('spawn ENOENT')), false)).toBe('unreachable');
    expect(failureKind(new StreamableHTTPError(502, 'Bad Gateway'), false)).toBe('unreachable');
    expect(failureKind(new TypeError('fetch failed'), false)).toBe('unreachable');
    expect(failureKind(zodError(), false)).toBe('malformed');
    expect(failureKind(new McpCommandRefused('/bin/sh'), false)).toBe('refused');
  });

  it('counts against the server unless it was the call’s own fault, a skip or a refusal', () => {
    const counts = (kind: Parameters<typeof mcpFailure>[0], cause: unknown = null) =>
      mcpFailure(kind, cause, at).countsAgainstServer;
    expect(counts('timeout')).toBe(true);
    expect(counts('closed')).toBe(true);
    expect(counts('unreachable')).toBe(true);
    expect(counts('malformed')).toBe(true);
    expect(counts('server-error', new McpError(ErrorCode.InternalError, 'boom'))).toBe(true);
    expect(counts('server-error', new McpError(ErrorCode.InvalidParams, 'bad a'))).toBe(false);
    expect(counts('server-error', new McpError(ErrorCode.MethodNotFound, 'no such tool'))).toBe(
      false,
    );
    expect(counts('skipped')).toBe(false);
    expect(counts('refused')).toBe(false);
    expect(counts('changed')).toBe(false);
  });

  it('is a tool-failed RelayError whose message is a plain sentence', () => {
    const f = mcpFailure('timeout', null, at);
    expect(f.error.code).toBe('tool-failed');
    expect(f.error.message).toBe('“memory” did not answer within 15 s.');
    expect(f.error.retryable).toBe(true);
    expect(mcpFailure('timeout', null, { ...at, timeoutMs: 400 }).error.message).toBe(
      '“memory” did not answer within 0.4 s.',
    );
    expect(mcpFailure('skipped', null, { ...at, retryInMs: 9_600 }).error.message).toBe(
      '“memory” has been failing, so it was not asked (tried again in 10 s).',
    );
    expect(
      mcpFailure('server-error', new McpError(ErrorCode.InternalError, 'disk full'), at).error
        .message,
    ).toBe('“memory” refused the call: disk full.');
    expect(mcpFailure('malformed', null, at).error.retryable).toBe(false);
  });

  it('is a result the model reads as an error, with the user’s sentence as its summary', () => {
    const r = failureResult(mcpFailure('unreachable', null, at), 'memory_search_nodes');
    expect(r).toEqual({
      content:
        'Error: the tool memory_search_nodes could not be used. “memory” could not be reached. It may work again later; do not call it again in this reply. Tell the user plainly that it could not be done, without guessing its result.',
      summary: '“memory” could not be reached.',
      isError: true,
    });
  });

  it('is told to the operator with its HTTP status, and a refused token said so', () => {
    expect(operatorWords(new McpConnectError(new StreamableHTTPError(401, 'x')))).toMatch(
      /^HTTP 401: the server refused the credentials/,
    );
    expect(operatorWords(new StreamableHTTPError(500, 'oops'))).toBe(
      'HTTP 500: Streamable HTTP error: oops',
    );
    expect(operatorWords(new Error('spawn /x ENOENT'))).toBe('spawn /x ENOENT');
  });
});
