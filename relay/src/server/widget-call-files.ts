import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Context, Hono } from 'hono';
import { RelayError } from '../errors.ts';
import { filesForOtherSites } from './cross-origin.ts';
import type { GuardedEnv } from './guards.ts';

/**
 * The widget's call module and its files (issue 64, item 2), built from the client package into
 * the widget's folder beside the loader (widget/vite.call.config.ts):
 * - `/widget-call.js`, the module the loader imports at the first press of Talk, by one name;
 * - `/widget-call/<name>-<hash>.js`, its chunks, worklets and the voice detector's worker;
 * - `/widget-call/vad/<file>`, the detector's model and onnxruntime's WebAssembly.
 */
export const WIDGET_CALL_PATH = '/widget-call.js';

/** The folder (in the widget's build, and in the relay's paths) of the module's own files. */
export const WIDGET_CALL_DIR = 'widget-call';

/** Hashed files: a new build has new names, so a browser keeps these for good. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * Files asked for by one name (the module itself, the detector's files): as the loader, fresh
 * for 5 minutes, then revalidated by their ETag (widget-route.ts's `WIDGET_CACHE_CONTROL`).
 */
export const NAMED_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=3600';

/** What a page asking for a file the widget's build does not have reads. */
export const WIDGET_CALL_FILE_MISSING = 'The widget’s call has no such file.';

const JS = 'text/javascript; charset=utf-8';

/** The files served, by extension: anything else is not the build's, and is not served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': JS,
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};

/** One path segment the build writes: letters, digits, `_`, `-`, inner dots (no `..`, no `/`). */
const FILE_NAME = /^\w[\w-]*(\.[\w-]+)+$/;

/** Where a request path leads in the widget's folder, and how it is cached; null: nowhere. */
export interface WidgetCallFile {
  /** Path segments under the widget's folder. */
  segments: string[];
  contentType: string;
  /** Hashed (immutable) or asked for by one name (revalidated). */
  hashed: boolean;
}

/**
 * The file of the widget's folder a request `path` names (still percent-encoded, as
 * `c.req.path` gives it), or null when it names none the build writes: only
 * {@link WIDGET_CALL_PATH}, `/widget-call/<file>` and `/widget-call/vad/<file>`, each segment
 * a plain file name, so no path leaves the folder (`..`, encoded slashes or dots, absolute
 * paths).
 */
export function widgetCallFile(path: string): WidgetCallFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (decoded === WIDGET_CALL_PATH)
    return { segments: [WIDGET_CALL_PATH.slice(1)], contentType: JS, hashed: false };
  const prefix = `/${WIDGET_CALL_DIR}/`;
  if (!decoded.startsWith(prefix)) return null;
  const rest = decoded.slice(prefix.length).split('/');
  const name = rest.at(-1) ?? '';
  const inVad = rest.length === 2 && rest[0] === 'vad';
  if (!(rest.length === 1 || inVad) || !FILE_NAME.test(name)) return null;
  const contentType = CONTENT_TYPES[name.slice(name.lastIndexOf('.'))];
  if (contentType === undefined) return null;
  return { segments: [WIDGET_CALL_DIR, ...rest], contentType, hashed: !inVad };
}

/**
 * Answers `c` with `file` of the widget's folder `dist`: streamed (the WebAssembly is 14 MB),
 * with its cache rule, a weak ETag from its size and time for the named ones (a 304 when the
 * page has it), and a typed 404 when the build has no such file.
 */
export async function sendWidgetCallFile(
  c: Context<GuardedEnv>,
  dist: string,
  file: WidgetCallFile,
): Promise<Response> {
  const where = join(dist, ...file.segments);
  const info = await stat(where).catch(() => null);
  if (info === null || !info.isFile()) throw RelayError.notFound(WIDGET_CALL_FILE_MISSING);
  if (file.hashed) c.header('Cache-Control', IMMUTABLE_CACHE_CONTROL);
  else {
    const etag = `W/"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    c.header('Cache-Control', NAMED_CACHE_CONTROL);
    c.header('ETag', etag);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
  }
  const headers = { 'Content-Type': file.contentType, 'Content-Length': String(info.size) };
  if (c.req.method === 'HEAD') return c.body(null, 200, headers);
  const body = Readable.toWeb(createReadStream(where)) as ReadableStream<Uint8Array>;
  return c.body(body, 200, headers);
}

/**
 * `GET /widget-call.js` and `GET /widget-call/*` from the widget's folder `dist`: readable by
 * the sites that embed the assistant (their CORS is cross-origin.ts's) and loadable by a page
 * that isolates itself (`Cross-Origin-Resource-Policy: cross-origin`).
 */
export function mountWidgetCallFiles(app: Hono<GuardedEnv>, dist: string): void {
  const send = (c: Context<GuardedEnv>) => {
    const file = widgetCallFile(c.req.path);
    if (file === null) throw RelayError.notFound(WIDGET_CALL_FILE_MISSING);
    return sendWidgetCallFile(c, dist, file);
  };
  app.use(WIDGET_CALL_PATH, filesForOtherSites());
  app.use('/widget-call/*', filesForOtherSites());
  app.get(WIDGET_CALL_PATH, send);
  app.get('/widget-call/*', send);
}
