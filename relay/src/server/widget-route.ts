import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { RelayError } from '../errors.ts';
import { filesForOtherSites } from './cross-origin.ts';
import type { GuardedEnv } from './guards.ts';
import { mountWidgetCallFiles } from './widget-call-files.ts';

/** Where the relay serves the one-tag widget's loader (docs/embedding.md). */
export const WIDGET_PATH = '/widget.js';

/**
 * Embedders link the loader by this one name, never a hash, so a browser may keep it only
 * briefly: fresh for 5 minutes, then used while it is checked again in the background for up to
 * an hour more (the ETag makes that check a 304). A new widget reaches a returning visitor within
 * minutes; a page load does not wait on the relay for it.
 */
export const WIDGET_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=3600';

/** What a page asking for the widget of a relay that has none built reads. */
export const WIDGET_NOT_BUILT =
  'This relay has no widget: widget.js is not built (pnpm build builds it; WIDGET_DIST names its folder).';

/**
 * `GET /widget.js`: the built loader (`<dist>/widget.js`), read afresh each time (a rebuild is
 * served at once), readable by the pages that embed the assistant (its CORS is cross-origin.ts's)
 * and loadable by one that isolates itself (`Cross-Origin-Resource-Policy: cross-origin`). A
 * 404 that says so while it is not built. `dist` null (`WIDGET_DIST=none`): no route.
 */
export function mountWidgetRoute(app: Hono<GuardedEnv>, dist: string | null): void {
  if (dist === null) return;
  app.use(WIDGET_PATH, filesForOtherSites());
  app.get(WIDGET_PATH, async (c) => {
    let body: Buffer;
    try {
      body = await readFile(join(dist, 'widget.js'));
    } catch {
      throw RelayError.notFound(WIDGET_NOT_BUILT);
    }
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
    c.header('Cache-Control', WIDGET_CACHE_CONTROL);
    c.header('ETag', etag);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(new Uint8Array(body), 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  // The call's module and its files, fetched at the first press of Talk (widget-call-files.ts).
  mountWidgetCallFiles(app, dist);
}
