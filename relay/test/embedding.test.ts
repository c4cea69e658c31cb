import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION,
  SITE_NOT_ALLOWED_MESSAGE,
  siteNotAllowedError,
  ticketResponse,
} from '@parley/shared';
import { RawClient, refusal } from './clients.ts';
import { startTestRelay, startTestRelayServing, type TestRelay } from './harness.ts';
import { JWT_RELAY, ORIGIN as APP, token } from './jwt-kit.ts';
import { parseExposition } from './prometheus-text.ts';

// Issue 64, item 3 (the relay's side): a site the operator lists (EMBED_ORIGINS) embeds the
// assistant: it gets a ticket, opens the WebSocket and loads the files a widget needs, across
// origins. Every other site is refused plainly, in words its widget can show. The app's own
// pages keep refusing to be framed.

/** A site listed to embed the assistant. */
const SHOP = 'https://shop.example';
/** A site nobody listed. */
const BLOG = 'https://blog.example';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** The built app's files a widget loads: a script chunk, the VAD's model and WebAssembly. */
const FILES = {
  'index.html': '<!doctype html><title>Parley</title>',
  'assets/widget-1a2b3c.js': 'export {};',
  'vad/silero_vad_v5.onnx': 'model',
  'vad/ort-wasm-simd-threaded.wasm': 'wasm',
};

/** A browser's preflight of `method` with `Authorization` and `Content-Type`, from `origin`. */
function preflight(relay: TestRelay, path: string, origin: string, method = 'POST') {
  return fetch(`${relay.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': method,
      'Access-Control-Request-Headers': 'authorization,content-type',
    },
  });
}

/** The ticket exchange as a page on `origin` calls it (with the user's JWT in jwt mode). */
function askTicket(relay: TestRelay, origin: string, jwt?: string) {
  return fetch(`${relay.url}/api/session`, {
    method: 'POST',
    headers: { Origin: origin, ...(jwt === undefined ? {} : { Authorization: `Bearer ${jwt}` }) },
  });
}

/** Opens the WebSocket from `origin` and says hello with `ticket`: the relay's `ready`. */
async function helloFrom(relay: TestRelay, origin: string, ticket: string) {
  const client = await RawClient.open(relay.wsUrl, { Origin: origin });
  try {
    client.send({ type: 'hello', protocol: PROTOCOL_VERSION, outputSampleRateHz: 16_000, ticket });
    return await client.next('ready');
  } finally {
    client.ws.close();
  }
}

const allowOrigin = (res: Response) => res.headers.get('access-control-allow-origin');

describe('a jwt relay with EMBED_ORIGINS', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelayServing(FILES, { ...JWT_RELAY, EMBED_ORIGINS: SHOP });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('answers a listed site’s preflight of the ticket exchange, and gives it a ticket it reads', async () => {
    const pre = await preflight(relay, '/api/session', SHOP);
    expect(pre.status).toBe(204);
    expect(allowOrigin(pre)).toBe(SHOP);
    expect(pre.headers.get('access-control-allow-methods')).toBe('POST');
    expect(pre.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    expect(pre.headers.get('vary')).toMatch(/Origin/);

    const res = await askTicket(relay, SHOP, await token('shopper'));
    expect(res.status).toBe(200);
    expect(allowOrigin(res)).toBe(SHOP);
    expect(res.headers.get('vary')).toMatch(/Origin/);
    expect(ticketResponse.parse(await res.json()).userId).toBe('shopper');
  });

  it('lets a listed site open the WebSocket with that ticket: hello, ready', async () => {
    const res = await askTicket(relay, SHOP, await token('shopper'));
    const { ticket } = ticketResponse.parse(await res.json());
    const ready = await helloFrom(relay, SHOP, ticket);
    expect(ready.sessionId).toMatch(/\S/);
  });

  it('lets a listed site read the files a widget loads, and /health', async () => {
    for (const path of [
      '/assets/widget-1a2b3c.js',
      '/vad/silero_vad_v5.onnx',
      '/vad/ort-wasm-simd-threaded.wasm',
    ]) {
      const res = await fetch(`${relay.url}${path}`, { headers: { Origin: SHOP } });
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
      expect(allowOrigin(res), path).toBe(SHOP);
      // A page that isolates itself (COEP require-corp) may load them too.
      expect(res.headers.get('cross-origin-resource-policy'), path).toBe('cross-origin');
    }
    const health = await fetch(`${relay.url}/health`, { headers: { Origin: SHOP } });
    expect(allowOrigin(health)).toBe(SHOP);
  });

  it('keeps the rest of the API from a listed site: no CORS, and the typed 403', async () => {
    const pre = await preflight(relay, '/api/sessions', SHOP, 'GET');
    expect(allowOrigin(pre)).toBeNull();
    const res = await fetch(`${relay.url}/api/sessions`, {
      headers: { Origin: SHOP, Authorization: `Bearer ${await token('shopper')}` },
    });
    expect(res.status).toBe(403);
    expect(allowOrigin(res)).toBeNull();
    expect(siteNotAllowedError.parse(await res.json())).toBeTruthy();
  });

  it('refuses a site not listed with a 403 its page can read, and refuses its socket', async () => {
    // The preflight passes so that the refusal itself reaches the page: a widget shows it.
    const pre = await preflight(relay, '/api/session', BLOG);
    expect(allowOrigin(pre)).toBe(BLOG);
    const res = await askTicket(relay, BLOG, await token('reader'));
    expect(res.status).toBe(403);
    expect(allowOrigin(res)).toBe(BLOG);
    expect(siteNotAllowedError.parse(await res.json())).toEqual({
      error: 'forbidden',
      message: SITE_NOT_ALLOWED_MESSAGE,
    });

    const upgrade = await refusal(relay.wsUrl, { Origin: BLOG });
    expect(upgrade.status).toBe(403);
    expect(siteNotAllowedError.parse(JSON.parse(upgrade.body))).toBeTruthy();

    // Nothing else of the relay is readable by it.
    for (const path of ['/health', '/assets/widget-1a2b3c.js', '/api/sessions']) {
      const other = await fetch(`${relay.url}${path}`, { headers: { Origin: BLOG } });
      await other.arrayBuffer();
      expect(allowOrigin(other), path).toBeNull();
    }
  });

  it('refuses a loopback page too: jwt mode takes only the sites listed', async () => {
    const res = await askTicket(relay, 'http://localhost:3000', await token('dev'));
    expect(res.status).toBe(403);
    expect((await refusal(relay.wsUrl, { Origin: 'http://localhost:3000' })).status).toBe(403);
  });

  it('lets the app hosted apart read its whole API', async () => {
    const pre = await preflight(relay, '/api/sessions/x', APP, 'PATCH');
    expect(allowOrigin(pre)).toBe(APP);
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
    const res = await fetch(`${relay.url}/api/sessions`, {
      headers: { Origin: APP, Authorization: `Bearer ${await token('alice')}` },
    });
    expect(res.status).toBe(200);
    expect(allowOrigin(res)).toBe(APP);
  });

  it('counts the pages it saw by outcome in /metrics, never by origin', async () => {
    await askTicket(relay, BLOG, await token('reader'));
    const text = await (await fetch(`${relay.url}/metrics`)).text();
    const metrics = parseExposition(text);
    const count = (outcome: string) =>
      metrics.value('parley_origin_checks_total', { outcome }) ?? 0;
    expect(count('embed')).toBeGreaterThanOrEqual(3);
    expect(count('refused')).toBeGreaterThanOrEqual(2);
    expect(count('app')).toBeGreaterThanOrEqual(1);
    expect(metrics.series('parley_origin_checks_total').map((s) => s.labels.outcome)).toEqual([
      'app',
      'embed',
      'loopback_embed',
      'refused',
    ]);
    expect(text).not.toMatch(/shop\.example|blog\.example|localhost:3000/);
  });

  it.each([
    ['the page', '/', {}],
    ['the page, asked by a listed site', '/', { Origin: SHOP }],
    ['a script a widget loads', '/assets/widget-1a2b3c.js', { Origin: SHOP }],
    ['the ticket exchange', '/api/session', { Origin: SHOP }],
  ])('keeps %s from being framed', async (_, path, headers) => {
    const res = await fetch(`${relay.url}${path}`, {
      method: path === '/api/session' ? 'POST' : 'GET',
      headers: { Accept: BROWSER, ...headers },
    });
    await res.arrayBuffer();
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
  });

  it('keeps the page itself to its own origin (no CORS, no cross-origin resource policy)', async () => {
    const res = await fetch(`${relay.url}/`, { headers: { Accept: BROWSER, Origin: SHOP } });
    await res.arrayBuffer();
    expect(allowOrigin(res)).toBeNull();
    expect(res.headers.get('cross-origin-resource-policy')).toBeNull();
  });
});

describe('a dev-mode relay with nothing set', () => {
  /** A page of a developer's own site, on another loopback port. */
  const LOCAL_SITE = 'http://localhost:3000';
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({ CONNECTIONS_PER_IP_BURST: '100' });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('lets a page on another loopback port embed the assistant: ticket, socket, hello', async () => {
    const pre = await preflight(relay, '/api/session', LOCAL_SITE);
    expect(allowOrigin(pre)).toBe(LOCAL_SITE);
    const res = await askTicket(relay, LOCAL_SITE);
    expect(res.status).toBe(200);
    expect(allowOrigin(res)).toBe(LOCAL_SITE);
    const { ticket } = ticketResponse.parse(await res.json());
    const ready = await helloFrom(relay, LOCAL_SITE, ticket);
    expect(ready.sessionId).toMatch(/\S/);
  });

  it("keeps the app's own API from that page", async () => {
    const res = await fetch(`${relay.url}/api/sessions`, { headers: { Origin: LOCAL_SITE } });
    expect(res.status).toBe(403);
    expect(allowOrigin(res)).toBeNull();
  });

  it('refuses a page from anywhere else, with the typed 403, and its socket', async () => {
    const res = await askTicket(relay, BLOG);
    expect(res.status).toBe(403);
    expect(siteNotAllowedError.parse(await res.json())).toBeTruthy();
    expect((await refusal(relay.wsUrl, { Origin: BLOG })).status).toBe(403);
  });
});
