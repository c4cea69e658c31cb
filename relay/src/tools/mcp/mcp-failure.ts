import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describeError, RelayError } from '../../errors.ts';
import type { ToolResult } from '../tool.ts';
import { McpAnswerTooLarge } from './bounded-fetch.ts';
import { oneLine } from './mcp-result.ts';

/** How a call to an MCP tool failed. */
export type McpFailureKind =
  /** The call's deadline passed. */
  | 'timeout'
  /** The server could not be reached or started (refused, not found, wrong token…). */
  | 'unreachable'
  /** The connection was lost during the call (the server stopped or crashed). */
  | 'closed'
  /** The server answered something that is not an MCP result. */
  | 'malformed'
  /** The server's answer (or one event of it) passed `MCP_MAX_RESPONSE_KB`: not read further. */
  | 'too-large'
  /** The server answered the call with a protocol error (not a result marked as an error). */
  | 'server-error'
  /** The server's circuit breaker is open: it was not asked. */
  | 'skipped'
  /** A stdio command this relay does not allow (`MCP_STDIO_COMMANDS`), or a tool not enabled. */
  | 'refused'
  /** The server changed the tool since the operator enabled it: held back until reviewed. */
  | 'changed'
  /** The operator lets users call only this server's read-only tools, and this one is not. */
  | 'users-read-only';

/** An HTTP status the transport was answered with (the SDK's errors carry it as `code`). */
export function httpStatusOf(err: unknown): number | null {
  return err instanceof Error && 'code' in err && typeof err.code === 'number' && err.code > 0
    ? err.code
    : null;
}

/**
 * What went wrong as the transport or the server said it (before any secret is scrubbed), with
 * the HTTP status where there was one: for the relay's log only (`/ops` gets `opsWords`).
 */
export function operatorWords(err: unknown): string {
  const inner = err instanceof McpConnectError ? err.cause : err;
  const status = httpStatusOf(inner);
  const words = inner instanceof Error ? inner.message : describeError(inner);
  if (status === 401 || status === 403)
    return `HTTP ${status}: the server refused the credentials it was sent (its token): add it again with the right one`;
  return status === null ? words : `HTTP ${status}: ${words}`;
}

/** Bytes as a person reads them (`64 KB`, `1 MB`). */
const kilobytes = (bytes: number) =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / 1024 / 1024} MB`
    : `${Math.round(bytes / 1024)} KB`;

/** Why connecting failed: the transport's or the handshake's error, as the connection saw it. */
export class McpConnectError extends Error {
  override name = 'McpConnectError';
  constructor(cause: unknown) {
    super(describeError(cause), { cause });
  }
}

/**
 * A stdio server the relay's configuration does not allow to start (its program, or a variable
 * it was saved with): `message` says why, in words for the operator.
 */
export class McpCommandRefused extends Error {
  override name = 'McpCommandRefused';
}

/** A failed call, typed: what the model reads, the user's plain sentence, and the breaker's due. */
export interface McpFailure {
  kind: McpFailureKind;
  /** `tool-failed`; its message is the plain sentence for the user. */
  error: RelayError;
  /** Whether it says the server is unwell (counted by its breaker) rather than the call's own. */
  countsAgainstServer: boolean;
}

/** Protocol errors that are about the call (its arguments, the tool's name), not the server. */
const CALL_ERRORS = new Set<number>([ErrorCode.InvalidParams, ErrorCode.MethodNotFound]);
/** The SDK's own codes for a request that ran out of time, and for a connection that closed. */
const TIMED_OUT: number = ErrorCode.RequestTimeout;
const CONNECTION_CLOSED: number = ErrorCode.ConnectionClosed;

/** What went wrong, from what the call threw and whether its deadline had passed. */
export function failureKind(err: unknown, timedOut: boolean): McpFailureKind {
  if (err instanceof McpAnswerTooLarge) return 'too-large';
  if (timedOut) return 'timeout';
  if (err instanceof McpCommandRefused) return 'refused';
  if (err instanceof McpConnectError) return 'unreachable';
  if (err instanceof McpError) {
    if (err.code === TIMED_OUT) return 'timeout';
    if (err.code === CONNECTION_CLOSED) return 'closed';
    return 'server-error';
  }
  // The SDK checks each answer against the protocol's schema (zod) before handing it over.
  if (err instanceof Error && /ZodError/.test(err.name)) return 'malformed';
  if (err instanceof SyntaxError) return 'malformed';
  // The request was refused (an HTTP status) or found nobody listening: the call was not made.
  if (httpStatusOf(err) !== null) return 'unreachable';
  if (err instanceof TypeError && /fetch failed/.test(err.message)) return 'unreachable';
  return 'closed';
}

/**
 * A failed call as a typed error: the plain sentence the user is given (the error's message), and
 * whether it counts against the server. `server` is the name the operator gave it.
 */
export function mcpFailure(
  kind: McpFailureKind,
  cause: unknown,
  at: { server: string; timeoutMs: number; retryInMs?: number },
): McpFailure {
  const name = `“${at.server}”`;
  const seconds = (ms: number) =>
    ms < 1000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000));
  const serverSaid =
    cause instanceof McpError ? oneLine(cause.message.replace(/^MCP error -?\d+: /, ''), 80) : '';
  const sentence: Record<McpFailureKind, string> = {
    timeout: `${name} did not answer within ${seconds(at.timeoutMs)} s.`,
    unreachable: `${name} could not be reached.`,
    closed: `The connection to ${name} was lost during the call.`,
    malformed: `${name} sent an answer that could not be read.`,
    'too-large': `${name} sent an answer too large to read${cause instanceof McpAnswerTooLarge ? ` (over ${kilobytes(cause.limitBytes)})` : ''}.`,
    'server-error': `${name} refused the call${serverSaid ? `: ${serverSaid}` : ''}.`,
    skipped:
      `${name} has been failing, so it was not asked` +
      (at.retryInMs === undefined ? '.' : ` (tried again in ${seconds(at.retryInMs)} s).`),
    refused: `${name} is not allowed to run on this relay.`,
    changed: `${name} changed this tool since it was enabled: it waits for the operator to review it.`,
    'users-read-only': `${name} lets users call only its read-only tools.`,
  };
  const countsAgainstServer =
    kind === 'server-error'
      ? !(cause instanceof McpError && CALL_ERRORS.has(cause.code))
      : !['skipped', 'refused', 'changed', 'users-read-only'].includes(kind);
  return {
    kind,
    error: new RelayError('tool-failed', sentence[kind], {
      retryable: !['refused', 'malformed', 'too-large', 'changed', 'users-read-only'].includes(
        kind,
      ),
      cause,
    }),
    countsAgainstServer,
  };
}

/**
 * The failure as a tool result the model reads: that the tool could not be used and why, so it
 * tells the user in its own words instead of guessing an answer; the transcript's line is the
 * user's sentence.
 */
export function failureResult(failure: McpFailure, toolName: string): ToolResult {
  const retry = failure.error.retryable
    ? 'It may work again later; do not call it again in this reply.'
    : 'Do not call it again.';
  return {
    content: `Error: the tool ${toolName} could not be used. ${failure.error.message} ${retry} Tell the user plainly that it could not be done, without guessing its result.`,
    summary: oneLine(failure.error.message),
    isError: true,
  };
}
