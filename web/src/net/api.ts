import {
  apiError,
  sessionDetail,
  renameSessionRequest,
  sessionList,
  sessionSummary,
  ticketResponse,
  type RenameSessionRequest,
  type SessionDetail,
  type SessionList,
  type SessionSummary,
  type TicketResponse,
} from '@parley/shared';
import type { z } from 'zod';
import { relayWebSocketUrl } from './relay-url.ts';
import { currentIntl } from '../i18n/language.ts';
import { TicketError } from '@parley/client/internal';

/**
 * An error from the relay's HTTP API, with its typed code and a message for the user (a
 * TicketError: the call reads a refused ticket from it).
 */
export class ApiError extends TicketError {
  override name = 'ApiError';
}

const TOKEN_KEY = 'parley.token';

declare global {
  interface Window {
    /** Set by a page that embeds Parley behind its own sign-in: returns the user's JWT. */
    parleyGetToken?: () => Promise<string | null> | string | null;
  }
}

/**
 * The bearer token for the relay, when it runs with `AUTH_MODE=jwt`: a page embedding Parley
 * can provide `window.parleyGetToken()`; otherwise a token the user pasted (kept for this tab).
 * In the default dev mode no token is needed.
 */
async function authToken(): Promise<string | null> {
  const provider = window.parleyGetToken;
  if (provider) return (await provider()) ?? null;
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setAuthToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** The relay's HTTP base URL (same host as its WebSocket). */
export function relayHttpBase(): string {
  const u = new URL(relayWebSocketUrl());
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  u.pathname = '';
  u.search = '';
  return u.toString().replace(/\/$/, '');
}

/** How to send one request. */
export interface CallOptions {
  /** Gives up on the request. */
  signal?: AbortSignal | undefined;
  /** A body, sent as JSON. */
  json?: unknown;
  /** A bearer to send instead of the user's own (the ops dashboard's admin token). */
  token?: string | undefined;
}

/** Sends one request; the answer when it is a 2xx, else an {@link ApiError} in the relay's words. */
async function send(
  method: string,
  path: string,
  { signal, json, token: bearer }: CallOptions,
): Promise<Response> {
  const token = bearer ?? (await authToken());
  let res: Response;
  try {
    res = await fetch(`${relayHttpBase()}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      cache: 'no-store',
      ...(signal ? { signal } : {}),
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  } catch {
    throw new ApiError(0, 'network', currentIntl().formatMessage({ id: 'api.unreachable' }));
  }
  if (res.ok) return res;
  const body: unknown = await res.json().catch(() => null);
  const e = apiError.safeParse(body);
  throw e.success
    ? new ApiError(res.status, e.data.error, e.data.message)
    : new ApiError(
        res.status,
        'http-error',
        currentIntl().formatMessage({ id: 'api.answered' }, { status: res.status }),
      );
}

/**
 * One request to the relay's HTTP API: the answer parsed with `schema` (null for none), or an
 * {@link ApiError} with the relay's own message.
 */
export async function callApi<T>(
  method: string,
  path: string,
  schema: z.ZodType<T> | null,
  options: CallOptions = {},
): Promise<T | null> {
  const res = await send(method, path, options);
  const body: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (!schema) return null;
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ApiError(
      res.status,
      'bad-response',
      currentIntl().formatMessage({ id: 'api.badResponse' }),
    );
  return parsed.data;
}

/** One request whose answer is not JSON (audio): its bytes, or an {@link ApiError}. */
export async function callApiBytes(
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ArrayBuffer> {
  return (await send(method, path, options)).arrayBuffer();
}

function call<T>(
  method: string,
  path: string,
  schema: z.ZodType<T> | null,
  signal?: AbortSignal,
  json?: unknown,
): Promise<T | null> {
  return callApi(method, path, schema, { signal, json });
}

/** The answer of a request that must have one. */
export async function required<T>(p: Promise<T | null>): Promise<T> {
  const v = await p;
  if (v === null) throw new ApiError(0, 'bad-response', 'The relay sent an empty answer.');
  return v;
}

/**
 * Asks the relay for a single-use WebSocket ticket (the token never goes into a URL). `signal`
 * gives up on it: a request the browser sent on a pooled connection of a path that died waits
 * for ever, and abandoning it closes that connection, so the next request opens a new one.
 */
export function requestTicket(signal?: AbortSignal): Promise<TicketResponse> {
  return required(call('POST', '/api/session', ticketResponse, signal));
}

/**
 * A page of the user's conversations, newest first: those started before `before` (a page's
 * `nextBefore`), and with `q` only those whose title or words contain it.
 */
export function listSessions(options: { before?: number; q?: string } = {}): Promise<SessionList> {
  const query = new URLSearchParams({ limit: '50' });
  if (options.before !== undefined) query.set('before', String(options.before));
  if (options.q !== undefined && options.q.trim() !== '') query.set('q', options.q.trim());
  return required(call('GET', `/api/sessions?${query.toString()}`, sessionList));
}

export function getSession(id: string): Promise<SessionDetail> {
  return required(call('GET', `/api/sessions/${encodeURIComponent(id)}`, sessionDetail));
}

/** Renames one of the user's conversations; the renamed summary. */
export function renameSession(id: string, request: RenameSessionRequest): Promise<SessionSummary> {
  return required(
    call(
      'PATCH',
      `/api/sessions/${encodeURIComponent(id)}`,
      sessionSummary,
      undefined,
      renameSessionRequest.parse(request),
    ),
  );
}

export async function deleteSession(id: string): Promise<void> {
  await call('DELETE', `/api/sessions/${encodeURIComponent(id)}`, null);
}
