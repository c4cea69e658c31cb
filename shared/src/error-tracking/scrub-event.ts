import { scrubText, scrubUrl } from './scrub-text.ts';

/**
 * The parts of an error-tracking event (Sentry's event payload) the scrubber reads. Sentry's own
 * `ErrorEvent` fits it, and so does an event parsed from an envelope the browser sent.
 */
export interface TrackedEvent {
  message?: string | undefined;
  logentry?: { message?: string | undefined; params?: unknown } | undefined;
  transaction?: string | undefined;
  exception?: { values?: TrackedException[] | undefined } | undefined;
  request?:
    | {
        url?: string | undefined;
        method?: string | undefined;
        headers?: Record<string, string> | undefined;
        data?: unknown;
        query_string?: unknown;
        cookies?: unknown;
        env?: unknown;
      }
    | undefined;
  tags?: Record<string, unknown> | undefined;
  contexts?: Record<string, Record<string, unknown> | undefined> | undefined;
  /** Dropped whatever they hold. */
  extra?: unknown;
  breadcrumbs?: unknown;
  user?: unknown;
  modules?: unknown;
  threads?: unknown;
  spans?: unknown;
}

export interface TrackedException {
  type?: string | undefined;
  value?: string | undefined;
  mechanism?: { type: string; handled?: boolean | undefined; data?: unknown } | undefined;
  stacktrace?: { frames?: TrackedFrame[] | undefined } | undefined;
}

export interface TrackedFrame {
  filename?: string | undefined;
  abs_path?: string | undefined;
  vars?: unknown;
}

/**
 * Contexts that describe the program, not the user: kept. Ours is `turn` (session and turn id);
 * any other (an integration's dump of state, a response body) is dropped.
 */
const KEPT_CONTEXTS = new Set([
  'app',
  'browser',
  'culture',
  'device',
  'os',
  'runtime',
  'trace',
  'cloud_resource',
  'turn',
]);

/** Request headers kept: none of them carries a credential or a cookie. */
const KEPT_HEADERS = new Set(['user-agent', 'referer', 'content-type', 'content-length', 'origin']);

/** Tag names that say the value is a secret: dropped whatever the value. */
const SECRET_TAG = /ticket|token|secret|key|pass|auth|cookie|credential/i;

/** The trace context's ids, kept as they are when they are the hex ids an SDK makes. */
const TRACE_IDS = new Set(['trace_id', 'span_id', 'parent_span_id']);
const HEX_ID = /^[0-9a-f]{16}(?:[0-9a-f]{16})?$/;

/** How deep a kept context's values are read; anything deeper is dropped. */
const MAX_CONTEXT_DEPTH = 4;

/**
 * What may leave for error tracking from `event`: no request body, cookies, query string or
 * environment; no Authorization or Cookie header (only {@link KEPT_HEADERS}); URLs without their
 * fragment and with `ticket`/`token`/`key`… query values redacted; no `extra`, breadcrumbs,
 * user, modules, threads or spans; only the program's contexts ({@link KEPT_CONTEXTS}); no
 * local variables in stack frames; and secrets and personal data ({@link scrubText}: keys,
 * tokens, card numbers, e-mail addresses, phone numbers) out of every text that is left: the
 * message, the exception types and values, the tags, the URLs, and each text in the kept
 * contexts. Pure: `event` is not changed.
 */
export function scrubEvent<E extends TrackedEvent>(event: E): E {
  const out: E = {
    ...event,
    ...(event.message === undefined ? {} : { message: scrubText(event.message) }),
    ...(event.logentry === undefined
      ? {}
      : { logentry: { message: scrubText(event.logentry.message ?? '') } }),
    ...(event.transaction === undefined ? {} : { transaction: scrubUrl(event.transaction) }),
    ...(event.exception?.values === undefined
      ? {}
      : { exception: { values: event.exception.values.map(scrubException) } }),
    ...(event.request === undefined ? {} : { request: scrubRequest(event.request) }),
    ...(event.tags === undefined ? {} : { tags: scrubTags(event.tags) }),
    ...(event.contexts === undefined ? {} : { contexts: keptContexts(event.contexts) }),
  };
  delete out.extra;
  delete out.breadcrumbs;
  delete out.user;
  delete out.modules;
  delete out.threads;
  delete out.spans;
  return out;
}

function scrubException(e: TrackedException): TrackedException {
  return {
    ...e,
    ...(e.type === undefined ? {} : { type: scrubText(e.type) }),
    ...(e.value === undefined ? {} : { value: scrubText(e.value) }),
    // The mechanism's `data` may quote what the page passed to a browser API.
    ...(e.mechanism === undefined
      ? {}
      : {
          mechanism: {
            type: e.mechanism.type,
            ...(e.mechanism.handled === undefined ? {} : { handled: e.mechanism.handled }),
          },
        }),
    ...(e.stacktrace?.frames === undefined
      ? {}
      : { stacktrace: { frames: e.stacktrace.frames.map(scrubFrame) } }),
  };
}

function scrubFrame(frame: TrackedFrame): TrackedFrame {
  const out: TrackedFrame = {
    ...frame,
    ...(frame.filename === undefined ? {} : { filename: scrubUrl(frame.filename) }),
    ...(frame.abs_path === undefined ? {} : { abs_path: scrubUrl(frame.abs_path) }),
  };
  delete out.vars;
  return out;
}

function scrubRequest(request: NonNullable<TrackedEvent['request']>): TrackedEvent['request'] {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const lower = name.toLowerCase();
    if (KEPT_HEADERS.has(lower)) headers[lower] = lower === 'referer' ? scrubUrl(value) : value;
  }
  return {
    ...(request.url === undefined ? {} : { url: scrubUrl(request.url) }),
    ...(request.method === undefined ? {} : { method: request.method }),
    ...(Object.keys(headers).length === 0 ? {} : { headers }),
  };
}

function scrubTags(tags: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(tags)) {
    if (SECRET_TAG.test(name)) continue;
    if (typeof value === 'string') out[name] = scrubText(value);
    else if (typeof value === 'number' || typeof value === 'boolean') out[name] = value;
  }
  return out;
}

function keptContexts(
  contexts: NonNullable<TrackedEvent['contexts']>,
): NonNullable<TrackedEvent['contexts']> {
  const out: NonNullable<TrackedEvent['contexts']> = {};
  for (const [name, value] of Object.entries(contexts)) {
    if (!KEPT_CONTEXTS.has(name) || value === undefined) continue;
    const kept: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value))
      kept[key] =
        name === 'trace' && TRACE_IDS.has(key) && typeof field === 'string' && HEX_ID.test(field)
          ? field
          : scrubValue(field, 1);
    out[name] = kept;
  }
  return out;
}

/** `value` with each text in it scrubbed ({@link scrubText}), to {@link MAX_CONTEXT_DEPTH}. */
function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_CONTEXT_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = scrubValue(v, depth + 1);
  return out;
}
