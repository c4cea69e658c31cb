import { z } from 'zod';
import { providerInfo } from './server-messages.ts';
import { sessionMetrics } from './session-metrics.ts';
import { SITE_NOT_ALLOWED_MESSAGE } from './site-refusal.ts';
import { turnToolCall } from './tool-calls.ts';

/**
 * Shapes of the relay's HTTP API (`/api/*`), shared so the relay builds them and the web app
 * validates them with the same schemas.
 */

/** `POST /api/session` → a single-use WebSocket ticket. */
export const ticketResponse = z.strictObject({
  ticket: z.string(),
  expiresAtMs: z.number(),
  userId: z.string(),
});
export type TicketResponse = z.infer<typeof ticketResponse>;

export const sessionSummary = z.strictObject({
  id: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  closeReason: z.string().nullable(),
  costMicros: z.number(),
  turnCount: z.number().int(),
  title: z.string().nullable(),
  /**
   * Its summary (turns, voice to voice, errors, barge-ins, stage timings), stored when it ended;
   * null while open. `GET /api/sessions/:id` computes it from the turns so far when none is
   * stored (an open session, or one that ended before summaries were kept).
   */
  metrics: sessionMetrics.nullable(),
});
export type SessionSummary = z.infer<typeof sessionSummary>;

/** Longest search of the history (characters). */
export const MAX_HISTORY_QUERY_CHARS = 100;

const PAGE_SIZE_ERROR = 'limit must be a whole number from 1 to 100.';

/**
 * `GET /api/sessions?limit=&before=&q=`: a page of at most `limit` conversations started before
 * `before`; with `q`, only those whose title or words (the user's or the assistant's) contain it,
 * whatever the case.
 */
export const sessionListQuery = z.object({
  limit: z.coerce
    .number({ error: PAGE_SIZE_ERROR })
    .int(PAGE_SIZE_ERROR)
    .min(1, PAGE_SIZE_ERROR)
    .max(100, PAGE_SIZE_ERROR)
    .default(20),
  before: z
    .string()
    .regex(/^\d{1,15}$/, 'before must be an epoch-ms time.')
    .transform(Number)
    .optional(),
  q: z
    .string()
    .trim()
    .max(MAX_HISTORY_QUERY_CHARS, `q must be at most ${MAX_HISTORY_QUERY_CHARS} characters.`)
    // Blank: no search, every conversation.
    .transform((q) => (q === '' ? undefined : q))
    .optional(),
});
/** The query as the relay reads it. */
export type SessionListQuery = z.output<typeof sessionListQuery>;

/** `GET /api/sessions` */
export const sessionList = z.strictObject({
  sessions: z.array(sessionSummary),
  /** Pass as `before` to get the next page; null on the last page. */
  nextBefore: z.number().nullable(),
});
export type SessionList = z.infer<typeof sessionList>;

export const sessionTurn = z.strictObject({
  turnId: z.number().int(),
  userText: z.string(),
  /** The reply as the user heard it. */
  assistantText: z.string(),
  /** How the relay's run of the turn ended. */
  status: z.string(),
  /** The user cut the reply short (a barge-in or the interrupt control). */
  interrupted: z.boolean(),
  costMicros: z.number(),
  createdAt: z.number(),
  /** The tools the turn called, in order, with their spans (absent: none). */
  toolCalls: z.array(turnToolCall).optional(),
});
export type SessionTurn = z.infer<typeof sessionTurn>;

/** `GET /api/sessions/:id` */
export const sessionDetail = sessionSummary.extend({ turns: z.array(sessionTurn) });
export type SessionDetail = z.infer<typeof sessionDetail>;

/** Longest conversation title (characters), the same as a title taken from a first utterance. */
export const MAX_TITLE_CHARS = 80;

/** `PATCH /api/sessions/:id` → the renamed conversation's `SessionSummary`. */
export const renameSessionRequest = z.strictObject({
  title: z
    .string({ error: 'title must be text.' })
    .trim()
    .min(1, 'title must not be empty.')
    .max(MAX_TITLE_CHARS, `title must be at most ${MAX_TITLE_CHARS} characters.`),
});
export type RenameSessionRequest = z.infer<typeof renameSessionRequest>;

/**
 * `GET /api/assistant`: who would answer a conversation started now, before there is one (the
 * page's first screen says what the assistant is).
 */
export const assistantResponse = z.strictObject({
  /** Which provider serves each stage first: what a session's `ready` would say. */
  providers: z.strictObject({ asr: providerInfo, llm: providerInfo, tts: providerInfo }),
  /** The offline responder answers: no language model is connected (or none comes first). */
  offlineResponder: z.boolean(),
  /** The caller may connect one from the app (dev mode's local user); else the admin does. */
  canEditProviders: z.boolean(),
});
export type AssistantResponse = z.infer<typeof assistantResponse>;

/** Body of every non-2xx answer. */
export const apiError = z.strictObject({
  /** What went wrong: one of the error codes (`internal` for the relay's own failures). */
  error: z.string(),
  /** For the user: what happened and what to do. */
  message: z.string(),
  /** For a 429: when trying again may succeed (ms). */
  retryAfterMs: z.number().optional(),
});
export type ApiErrorBody = z.infer<typeof apiError>;

/**
 * Body of a 404: an unknown path, an unknown API endpoint, or a record the caller may not see
 * (another user's session is "not found" too).
 */
export const notFoundError = apiError.extend({ error: z.literal('not-found') });
export type NotFoundBody = z.infer<typeof notFoundError>;

export { SITE_NOT_ALLOWED_MESSAGE };

/**
 * Body of the 403 a page from an origin the relay does not serve gets: on the ticket exchange
 * (readable by that page, so a widget can show it), on the WebSocket upgrade, and on every API
 * route its origin may not use. An {@link apiError}, told apart by its message.
 */
export const siteNotAllowedError = apiError.extend({
  error: z.literal('forbidden'),
  message: z.literal(SITE_NOT_ALLOWED_MESSAGE),
});
export type SiteNotAllowedBody = z.infer<typeof siteNotAllowedError>;
