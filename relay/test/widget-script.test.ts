import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError } from '@parley/shared';
import {
  IMMUTABLE_CACHE_CONTROL,
  NAMED_CACHE_CONTROL,
  WIDGET_CALL_DIR,
  WIDGET_CALL_FILE_MISSING,
  WIDGET_CALL_PATH,
} from '../src/server/widget-call-files.ts';
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

/** A GET whose path goes out exactly as written (no URL normalisation). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const { host } = new URL(url);
  const path = url.slice(url.indexOf(host) + host.length);
  return new Promise((resolve, reject) => {
    const req = request(`http://${host}`, { path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

// The call's module and its files, beside the loader in the widget's build (issue 64, item 2):
// loaded by a page of a listed site from the relay's origin, at the first press of Talk.
describe('the widget’s call, /widget-call.js and /widget-call/*', () => {
  let relay: TestRelay;
  let dist: string;
  const MODULE = 'export function createParleyCall() {}';
  const WORKER = 'self.onmessage = () => {};';
  const WASM = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${relay.url}${path}`, { headers });

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'parley-widget-call-'));
    writeFileSync(join(dist, 'widget.js'), LOADER);
    writeFileSync(join(dist, WIDGET_CALL_PATH.slice(1)), MODULE);
    mkdirSync(join(dist, WIDGET_CALL_DIR, 'vad'), { recursive: true });
    writeFileSync(join(dist, WIDGET_CALL_DIR, 'vad-worker-Bx7_q2Zk.js'), WORKER);
    writeFileSync(join(dist, WIDGET_CALL_DIR, 'vad', 'ort-wasm-simd-threaded.wasm'), WASM);
    // Beside the folder: what a path that climbs out of it would reach.
    writeFileSync(join(dist, 'secret.js'), 'the relay’s own file');
    relay = await startTestRelay({ ...JWT_RELAY, EMBED_ORIGINS: SHOP, WIDGET_DIST: dist });
  });
  afterAll(async () => {
    await relay.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the module by one name, revalidated by its ETag, to a listed site', async () => {
    const res = await get(WIDGET_CALL_PATH, { Origin: SHOP });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(MODULE);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe(NAMED_CACHE_CONTROL);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"/);
    const again = await get(WIDGET_CALL_PATH, { Origin: SHOP, 'If-None-Match': etag });
    expect(again.status).toBe(304);
  });

  it('serves its hashed files for good, and the detector’s files by name, typed', async () => {
    const worker = await get(`/${WIDGET_CALL_DIR}/vad-worker-Bx7_q2Zk.js`, { Origin: SHOP });
    expect(worker.status).toBe(200);
    expect(await worker.text()).toBe(WORKER);
    expect(worker.headers.get('cache-control')).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(worker.headers.get('etag')).toBeNull();
    expect(worker.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(worker.headers.get('cross-origin-resource-policy')).toBe('cross-origin');

    const wasm = await get(`/${WIDGET_CALL_DIR}/vad/ort-wasm-simd-threaded.wasm`, { Origin: SHOP });
    expect(wasm.status).toBe(200);
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(WASM);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('content-length')).toBe(String(WASM.length));
    expect(wasm.headers.get('cache-control')).toBe(NAMED_CACHE_CONTROL);
    expect(wasm.headers.get('access-control-allow-origin')).toBe(SHOP);

    const head = await fetch(`${relay.url}/${WIDGET_CALL_DIR}/vad/ort-wasm-simd-threaded.wasm`, {
      method: 'HEAD',
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(WASM.length));
  });

  it('is not readable by a site nobody listed', async () => {
    const res = await get(WIDGET_CALL_PATH, { Origin: BLOG });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it.each([
    `/${WIDGET_CALL_DIR}/missing-1a2b3c4d.js`,
    `/${WIDGET_CALL_DIR}/vad/missing.onnx`,
    // Not a file the build writes: a folder, another extension, a deeper path, a bad escape.
    `/${WIDGET_CALL_DIR}/vad`,
    `/${WIDGET_CALL_DIR}/notes.txt`,
    `/${WIDGET_CALL_DIR}/a/b/c.js`,
    `/${WIDGET_CALL_DIR}/%E0%A4%A.js`,
  ])('%s: a typed 404', async (path) => {
    const res = await get(path, { Origin: SHOP });
    expect(res.status).toBe(404);
    expect(apiError.parse(await res.json())).toEqual({
      error: 'not-found',
      message: WIDGET_CALL_FILE_MISSING,
    });
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
  });

  it.each([
    `/${WIDGET_CALL_DIR}/../secret.js`,
    `/${WIDGET_CALL_DIR}/%2e%2e/secret.js`,
    `/${WIDGET_CALL_DIR}/vad/%2e%2e%2f%2e%2e%2fsecret.js`,
    `/${WIDGET_CALL_DIR}/..%2fsecret.js`,
    `/${WIDGET_CALL_DIR}/%2fetc%2fpasswd.js`,
    `/${WIDGET_CALL_DIR}/vad/..%5c..%5csecret.js`,
  ])('%s: nothing outside the folder (404)', async (path) => {
    // Sent as written: fetch would resolve the dots before asking.
    const res = await rawGet(`${relay.url}${path}`, { Origin: SHOP });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('own file');
    expect(apiError.parse(JSON.parse(res.body)).error).toBe('not-found');
  });
});
