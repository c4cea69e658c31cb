import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError } from '@parley/shared';
import { WIDGET_CACHE_CONTROL, WIDGET_NOT_BUILT, WIDGET_PATH } from '../src/server/widget-route.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { JWT_RELAY } from './jwt-kit.ts';

// Issue 64, item 2: the relay serves the one-tag widget's loader at /widget.js from the built
// widget (WIDGET_DIST), as a site that embeds the assistant links it
// (`<script src="https://relay.example/widget.js" defer>`): readable by the sites it lists, by
// one name (no hash), and a plain 404 where the widget is not built.

/** A site listed to embed the assistant, and one nobody listed. */
const SHOP = 'https://shop.example';
const BLOG = 'https://blog.example';

const LOADER = '(()=>{customElements.define("parley-voice",class extends HTMLElement{})})();';

describe('the widget’s loader, /widget.js', () => {
  let relay: TestRelay;
  let dist: string;
  const get = (headers: Record<string, string> = {}) =>
    fetch(`${relay.url}${WIDGET_PATH}`, { headers });

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'parley-widget-'));
    writeFileSync(join(dist, 'widget.js'), LOADER);
    relay = await startTestRelay({ ...JWT_RELAY, EMBED_ORIGINS: SHOP, WIDGET_DIST: dist });
  });
  afterAll(async () => {
    await relay.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('is served as a script, cached briefly by one name, and revalidated by its ETag', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe(LOADER);
    expect(res.headers.get('cache-control')).toBe(WIDGET_CACHE_CONTROL);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{32}"$/);

    const again = await get({ 'If-None-Match': etag ?? '' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    // A rebuild is served at once, under another ETag.
    writeFileSync(join(dist, 'widget.js'), `${LOADER}\n`);
    const rebuilt = await get({ 'If-None-Match': etag ?? '' });
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.headers.get('etag')).not.toBe(etag);
  });

  it('is readable by a listed site, and loadable by a page that isolates itself', async () => {
    const res = await get({ Origin: SHOP });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/Origin/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');

    const pre = await fetch(`${relay.url}${WIDGET_PATH}`, {
      method: 'OPTIONS',
      headers: { Origin: SHOP, 'Access-Control-Request-Method': 'GET' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET,HEAD');
  });

  it('is not readable by a site nobody listed (its script tag still loads, as any file)', async () => {
    const res = await get({ Origin: BLOG });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await fetch(`${relay.url}${WIDGET_PATH}`, {
      method: 'OPTIONS',
      headers: { Origin: BLOG, 'Access-Control-Request-Method': 'GET' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('says plainly that the widget is not built when its folder has no widget.js', async () => {
    unlinkSync(join(dist, 'widget.js'));
    try {
      const res = await get({ Origin: SHOP });
      expect(res.status).toBe(404);
      expect(apiError.parse(await res.json())).toEqual({
        error: 'not-found',
        message: WIDGET_NOT_BUILT,
      });
      // The page may read why (a listed site's console shows it).
      expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    } finally {
      writeFileSync(join(dist, 'widget.js'), LOADER);
    }
  });
});
