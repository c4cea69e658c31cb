import { Hono } from 'hono';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { captureLog } from '../../test/log-capture.ts';
import { OriginGate } from '../auth/origin-gate.ts';
import type { OriginKind } from '../auth/origin.ts';
import {
  CROSS_ORIGIN_PATHS,
  crossOrigin,
  crossOriginRoute,
  isReadable,
  type CrossOriginRoute,
} from './cross-origin.ts';

const APP = 'https://chat.example';
const SHOP = 'https://shop.example';

/** The relay's CORS in front of one answer per route, under a policy listing APP and SHOP. */
function relayLike(loopbackEmbeds = false) {
  const origins = new OriginGate({
    policy: () => ({ app: [APP], embed: [SHOP], loopbackEmbeds }),
    registry: new Registry(),
    log: captureLog().log,
    now: Date.now,
  });
  const app = new Hono();
  const reads = crossOrigin({ origins });
  for (const path of CROSS_ORIGIN_PATHS) app.use(path, reads);
  for (const path of ['/api/session', '/api/sessions', '/health', '/assets/a.js', '/vad/m.onnx'])
    app.all(path, (c) => c.json({ ok: true }));
  return app;
}

const preflight = (origin: string, method = 'POST') => ({
  method: 'OPTIONS',
  headers: { Origin: origin, 'Access-Control-Request-Method': method },
});

describe('what a page on another origin may read', () => {
  it.each<[string, CrossOriginRoute]>([
    ['/api/session', 'ticket'],
    ['/health', 'probe'],
    ['/widget.js', 'files'],
    ['/widget-call.js', 'files'],
    ['/widget-call/vad-worker-1a2b.js', 'files'],
    ['/widget-call/vad/silero_vad_v5.onnx', 'files'],
    ['/assets/index-1a2b.js', 'files'],
    ['/vad/silero_vad_v5.onnx', 'files'],
    ['/api/sessions', 'api'],
    ['/api/preferences', 'api'],
    ['/api/session/x', 'api'],
  ])('%s is a route of kind %s', (path, route) => {
    expect(crossOriginRoute(path)).toBe(route);
  });

  it.each<[OriginKind, Record<CrossOriginRoute, boolean>]>([
    ['app', { ticket: true, probe: true, files: true, api: true }],
    ['embed', { ticket: true, probe: true, files: true, api: false }],
    ['loopback-embed', { ticket: true, probe: true, files: true, api: false }],
    // Its refusal only: the ticket exchange refuses it.
    ['foreign', { ticket: true, probe: false, files: false, api: false }],
    ['none', { ticket: false, probe: false, files: false, api: false }],
  ])('a page of kind %s: %o', (kind, readable) => {
    for (const route of Object.keys(readable) as CrossOriginRoute[])
      expect(isReadable(kind, route), route).toBe(readable[route]);
  });
});

describe('the relay’s CORS', () => {
  it('answers a preflight with the route’s methods and the two headers a page sends', async () => {
    const app = relayLike();
    const ticket = await app.request('/api/session', preflight(SHOP));
    expect(ticket.status).toBe(204);
    expect(ticket.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(ticket.headers.get('access-control-allow-methods')).toBe('POST');
    expect(ticket.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
    expect(ticket.headers.get('access-control-max-age')).toBe('600');
    const api = await app.request('/api/sessions', preflight(APP, 'DELETE'));
    expect(api.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,PATCH,DELETE');
  });

  it('names the page as the browser wrote it, never "*", and never allows credentials', async () => {
    const res = await relayLike().request('/assets/a.js', { headers: { Origin: SHOP } });
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it.each([
    ['an embedding site, on the app’s API', '/api/sessions', SHOP],
    ['a site not listed, on the files', '/assets/a.js', 'https://blog.example'],
    ['a sandboxed frame (origin "null"), on the ticket exchange', '/api/session', 'null'],
    ['a loopback page dev mode does not take, on /health', '/health', 'http://localhost:3000'],
    ['a value that is no origin, on the ticket exchange', '/api/session', 'garbage'],
  ])('gives no CORS header to %s', async (_, path, origin) => {
    const res = await relayLike().request(path, preflight(origin, 'GET'));
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets loopback pages read what a call needs when dev mode takes them', async () => {
    const res = await relayLike(true).request('/vad/m.onnx', {
      headers: { Origin: 'http://127.0.0.1:4000' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4000');
  });
});
