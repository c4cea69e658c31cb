import {
  apiError,
  LOG_TAIL_PROTOCOL,
  LOG_TAIL_TICKET_PROTOCOL_PREFIX,
  logTailServerMessage,
  logTailTicket,
  type LogTailClientMessage,
  type LogTailFilter,
  type LogTailServerMessage,
} from '@parley/shared';
import { relayHttpBase } from '../../net/api.ts';
import { relayWebSocketUrl } from '../../net/relay-url.ts';
import { OpsAuthError } from './ops-api.ts';
import { currentIntl } from '../../i18n/language.ts';

/** What the live log's socket reports. */
export interface LogTailEvents {
  onOpen(): void;
  onMessage(message: LogTailServerMessage): void;
  onClose(code: number, reason: string): void;
}

/** An open live log. */
export interface LogTailSocket {
  setFilter(filter: LogTailFilter): void;
  close(): void;
}

/**
 * Opens the relay's live log (`/ws/logs`) with `filter`. A browser cannot put the admin token in
 * a WebSocket's headers, and a URL is no place for it: a single-use ticket is asked for with the
 * token, then offered as the socket's second subprotocol (the relay answers with the first).
 * Throws {@link OpsAuthError} when the token is refused.
 */
export async function openLogTail(
  token: string,
  filter: LogTailFilter,
  events: LogTailEvents,
): Promise<LogTailSocket> {
  const res = await fetch(`${relayHttpBase()}/api/admin/log-tail/ticket`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 401 || res.status === 404) {
    const refused = apiError.safeParse(body);
    throw new OpsAuthError(
      refused.success
        ? refused.data.message
        : currentIntl().formatMessage({ id: 'log.tokenRefused' }),
    );
  }
  const ticket = logTailTicket.safeParse(body);
  if (!res.ok || !ticket.success)
    throw new Error(
      currentIntl().formatMessage({ id: 'log.relayAnswered' }, { status: res.status }),
    );

  const url = new URL(relayWebSocketUrl());
  url.pathname = '/ws/logs';
  url.search = '';
  url.searchParams.set('level', filter.level);
  if (filter.sessionId !== null) url.searchParams.set('sessionId', filter.sessionId);
  if (filter.turnId !== null) url.searchParams.set('turnId', String(filter.turnId));
  const ws = new WebSocket(url, [
    LOG_TAIL_PROTOCOL,
    `${LOG_TAIL_TICKET_PROTOCOL_PREFIX}${ticket.data.ticket}`,
  ]);
  ws.onopen = () => events.onOpen();
  ws.onmessage = (event) => {
    if (typeof event.data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(event.data);
    } catch {
      return;
    }
    const message = logTailServerMessage.safeParse(json);
    if (message.success) events.onMessage(message.data);
  };
  ws.onclose = (event) => events.onClose(event.code, event.reason);
  return {
    setFilter(next) {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(JSON.stringify({ type: 'log.filter', filter: next } satisfies LogTailClientMessage));
    },
    close() {
      ws.onclose = null;
      ws.close(1000);
    },
  };
}
