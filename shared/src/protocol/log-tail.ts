import { z } from 'zod';

/**
 * The live log tail (`GET /ws/logs`, admin only): the relay's pino lines as it writes them,
 * filtered by level, session and turn.
 */

/** pino's level numbers (the relay uses pino's defaults). */
export const LOG_LEVELS = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
} as const;

export const logLevelName = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
export type LogLevelName = z.infer<typeof logLevelName>;

/** The level a line was written at, by name (`level 35` → the name below it, `info`). */
export function levelNameOf(level: number): LogLevelName {
  let name: LogLevelName = 'trace';
  for (const n of logLevelName.options) if (level >= LOG_LEVELS[n]) name = n;
  return name;
}

/**
 * The WebSocket subprotocol the tail speaks. A browser cannot send an Authorization header on
 * an upgrade, so the ops page offers this protocol first and a single-use ticket second
 * (`parley-ticket.<ticket>`, from `POST /api/admin/log-tail/ticket`); the relay answers with
 * this one, never echoing the ticket.
 */
export const LOG_TAIL_PROTOCOL = 'parley-log-tail';
/** Prefix of the subprotocol that carries a log-tail ticket. */
export const LOG_TAIL_TICKET_PROTOCOL_PREFIX = 'parley-ticket.';

/** Longest session id a filter may name (the relay's ids are UUIDs). */
const MAX_SESSION_ID_CHARS = 100;

/**
 * Which lines a reader receives: at `level` or above and, when set, only those bound to one
 * session and/or one turn (turn ids count per session: a turn filter alone matches that turn of
 * every session).
 */
export const logTailFilter = z.strictObject({
  level: logLevelName,
  sessionId: z.string().min(1).max(MAX_SESSION_ID_CHARS).nullable(),
  turnId: z.number().int().nonnegative().nullable(),
});
export type LogTailFilter = z.infer<typeof logTailFilter>;

/** What a reader gets when it sets no filter: info and above, every session. */
export const DEFAULT_LOG_TAIL_FILTER: Readonly<LogTailFilter> = {
  level: 'info',
  sessionId: null,
  turnId: null,
};

/** The filter a reader starts with, as the upgrade's query (`?level=debug&sessionId=…`). */
export const logTailQuery = z.object({
  level: logLevelName.default(DEFAULT_LOG_TAIL_FILTER.level),
  sessionId: z.string().min(1).max(MAX_SESSION_ID_CHARS).optional(),
  turnId: z
    .string()
    .regex(/^\d{1,9}$/, 'turnId is a whole number')
    .transform(Number)
    .optional(),
});
export type LogTailQuery = z.infer<typeof logTailQuery>;

/** The filter a query names. */
export function filterFromQuery(q: LogTailQuery): LogTailFilter {
  return { level: q.level, sessionId: q.sessionId ?? null, turnId: q.turnId ?? null };
}

/**
 * One line as the relay wrote it (pino JSON, secrets already redacted by its `redact` config):
 * the fields every line has or the tail filters on, and whatever else the line carries.
 */
export const logRecord = z.looseObject({
  level: z.number(),
  /** Epoch ms. */
  time: z.number(),
  msg: z.string().optional(),
  /** The subsystem's logger, e.g. `relay:session`. */
  name: z.string().optional(),
  sessionId: z.string().optional(),
  turnId: z.number().optional(),
});
export type LogRecord = z.infer<typeof logRecord>;

/** The fields a filter looks at. */
export type LogLineKeys = Pick<LogRecord, 'level' | 'sessionId' | 'turnId'>;

/** Whether `filter` lets `line` through. */
export function logLineMatches(filter: LogTailFilter, line: LogLineKeys): boolean {
  return (
    line.level >= LOG_LEVELS[filter.level] &&
    (filter.sessionId === null || line.sessionId === filter.sessionId) &&
    (filter.turnId === null || line.turnId === filter.turnId)
  );
}

/** Client → relay: replace the filter; the relay answers with `log.subscribed`. */
export const logTailClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('log.filter'), filter: logTailFilter }),
]);
export type LogTailClientMessage = z.infer<typeof logTailClientMessage>;

/**
 * Relay → client, on connecting and after each filter change: the filter in force, the level the
 * relay logs at (`LOG_LEVEL`: lines below it are never written, so no filter shows them), and
 * the recent lines that match (oldest first), which replace whatever the reader showed.
 */
export const logTailSubscribed = z.strictObject({
  type: z.literal('log.subscribed'),
  filter: logTailFilter,
  relayLevel: z.union([logLevelName, z.literal('silent')]),
  backlog: z.array(logRecord),
});
export type LogTailSubscribed = z.infer<typeof logTailSubscribed>;

/** Relay → client: lines written since the last message that match the filter, oldest first. */
export const logTailLines = z.strictObject({
  type: z.literal('log.lines'),
  lines: z.array(logRecord),
});
export type LogTailLines = z.infer<typeof logTailLines>;

/** Relay → client: a message the relay could not use (the connection goes on). */
export const logTailError = z.strictObject({
  type: z.literal('log.error'),
  message: z.string(),
});

export const logTailServerMessage = z.discriminatedUnion('type', [
  logTailSubscribed,
  logTailLines,
  logTailError,
]);
export type LogTailServerMessage = z.infer<typeof logTailServerMessage>;

/** `POST /api/admin/log-tail/ticket`: a single-use ticket to open `/ws/logs` from a browser. */
export const logTailTicket = z.strictObject({
  ticket: z.string(),
  /** Last moment it can be redeemed (epoch ms, relay clock). */
  expiresAtMs: z.number(),
});
export type LogTailTicket = z.infer<typeof logTailTicket>;
