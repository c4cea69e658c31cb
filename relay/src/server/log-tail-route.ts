import { upgradeWebSocket } from '@hono/node-server';
import type { Hono, MiddlewareHandler } from 'hono';
import { WebSocket } from 'ws';
import {
  CloseCode,
  filterFromQuery,
  LOG_TAIL_PROTOCOL,
  LOG_TAIL_TICKET_PROTOCOL_PREFIX,
  logTailClientMessage,
  logTailQuery,
  logTailSubscribed,
  type LogTailServerMessage,
  type LogTailTicket,
} from '@parley/shared';
import type { Identity } from '../auth/index.ts';
import { TicketStore } from '../auth/tickets.ts';
import { RelayError } from '../errors.ts';
import type { LogBus, LogReader } from '../log/log-bus.ts';
import { currentLogLevel, logBus, logger } from '../log/logger.ts';
import type { RelayContext } from './context.ts';
import { adminGuard, originGuard, type GuardedEnv } from './guards.ts';
import type { PeerOf } from './peer.ts';

/** The ticket store keys tickets by user: the admin is one. */
const ADMIN: Identity = { userId: 'admin', mode: 'dev' };
/** How long a log-tail ticket may wait for its socket (ms). */
const TICKET_TTL_MS = 30_000;

/**
 * The live log tail, admin only: `POST /api/admin/log-tail/ticket` and `GET /ws/logs`, a
 * WebSocket streaming this relay's log lines (redacted, as written to stdout, at the level
 * `LOG_LEVEL` lets through) filtered by level, session and turn (see `log-tail.ts` in shared).
 * Refusals come before the upgrade, as typed HTTP errors: no admin token on the relay (404), not
 * the admin (401), a bad filter (400), too many readers (429).
 */
export function mountLogTail(
  app: Hono<GuardedEnv>,
  ctx: RelayContext,
  peerOf: PeerOf,
  bus: LogBus = logBus,
): void {
  const log = logger('relay:log-tail');
  const tickets = new TicketStore({ ttlMs: TICKET_TTL_MS, maxOutstanding: 64, maxPerUser: 64 });

  app.post('/api/admin/log-tail/ticket', adminGuard(ctx), (c) => {
    const { ticket, expiresAtMs } = tickets.issue(ADMIN, { origin: peerOf(c).origin });
    c.header('Cache-Control', 'no-store');
    return c.json({ ticket, expiresAtMs } satisfies LogTailTicket);
  });

  app.get(
    '/ws/logs',
    originGuard(ctx, peerOf),
    adminOrTicket(ctx, tickets, peerOf),
    async (c, next) => {
      if (bus.full)
        throw RelayError.limitExceeded(
          'As many people as this relay allows are reading its log. Close one and try again.',
          false,
        );
      await next();
    },
    upgradeWebSocket((c) => {
      // Checked here, before the upgrade: a bad filter is a 400, not a socket that closes.
      const query = logTailQuery.safeParse(c.req.query());
      if (!query.success)
        throw RelayError.badMessage(
          `Bad log filter: ${query.error.issues[0]?.message ?? 'invalid query'}.`,
        );
      const filter = filterFromQuery(query.data);
      let reader: LogReader | null = null;
      return {
        onOpen(_event, ws) {
          const raw = ws.raw instanceof WebSocket ? ws.raw : null;
          const relayLevel = logTailSubscribed.shape.relayLevel.parse(currentLogLevel());
          reader = bus.subscribe(
            {
              send: (data) => ws.send(data),
              bufferedBytes: () => raw?.bufferedAmount ?? 0,
              close: (code, reason) => ws.close(code, reason),
            },
            filter,
            relayLevel,
            (info) => log.warn(info, 'log tail reader too slow; dropped'),
          );
          if (reader === null) ws.close(CloseCode.LimitExceeded, 'too many log readers');
          else log.info({ filter }, 'log tail reader connected');
        },
        onMessage(event, ws) {
          const message = parseClientMessage(event.data);
          if (message === null) {
            ws.send(
              JSON.stringify({
                type: 'log.error',
                message: `Send {"type":"log.filter","filter":{…}} to change the filter.`,
              } satisfies LogTailServerMessage),
            );
            return;
          }
          // The one message a reader sends (so far): a new filter.
          reader?.setFilter(message.filter);
          log.debug({ filter: message.filter }, 'log tail filter changed');
        },
        onClose(event) {
          if (reader === null) return;
          reader.unsubscribe();
          reader = null;
          log.info({ code: event.code }, 'log tail reader left');
        },
      };
    }),
  );
}

/**
 * Who may read the log: the admin. A client that can set headers (curl, a script) sends
 * `Authorization: Bearer $ADMIN_TOKEN`, as on every admin route. A browser cannot set headers on
 * a WebSocket, so the ops page asks for a ticket (`POST /api/admin/log-tail/ticket`, with the
 * bearer) and offers it as a second subprotocol, after `parley-log-tail`. Not the token in the
 * URL (URLs land in access logs and browser history), nor the token itself as a subprotocol (a
 * long-lived secret in a header proxies may log): the ticket is random, single-use, lives 30 s,
 * is bound to the page's origin and kept only as a hash, and the relay answers with the first
 * subprotocol offered (ws's default), never echoing the ticket. Tickets are this relay's own:
 * behind a load balancer, the ticket's request and the socket must reach the same relay (whose
 * log it is).
 */
function adminOrTicket(ctx: RelayContext, tickets: TicketStore, peerOf: PeerOf): MiddlewareHandler {
  const admin = adminGuard(ctx);
  return async (c, next) => {
    const offered = (c.req.header('sec-websocket-protocol') ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const carrier = offered.find((p) => p.startsWith(LOG_TAIL_TICKET_PROTOCOL_PREFIX));
    if (!ctx.settings.adminToken || carrier === undefined) return admin(c, next);
    if (offered[0] !== LOG_TAIL_PROTOCOL)
      throw RelayError.badMessage(
        `Offer the "${LOG_TAIL_PROTOCOL}" subprotocol first, then the ticket's.`,
      );
    try {
      tickets.redeem(carrier.slice(LOG_TAIL_TICKET_PROTOCOL_PREFIX.length), {
        origin: peerOf(c).origin,
      });
    } catch {
      throw RelayError.unauthorized(
        'This log ticket is unknown, used, expired or from another page: ask for a new one ' +
          '(POST /api/admin/log-tail/ticket).',
      );
    }
    await next();
  };
}

function parseClientMessage(data: unknown) {
  if (typeof data !== 'string') return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = logTailClientMessage.safeParse(json);
  return parsed.success ? parsed.data : null;
}
