import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelayServing, type TestRelay } from './harness.ts';
import { root } from './relay-variables.ts';

// Issue 44, item 5: a page of another site framed the app and made two clicks save provider
// settings. No page may frame it, whoever serves it: the relay, or a static host by vercel.json.

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** What every answer of the relay carries. */
const WANTED = {
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'microphone=(self), camera=(), geolocation=()',
};

/** The headers vercel.json gives every path of the app hosted apart. */
function vercelHeaders(): Record<string, string> {
  const config = JSON.parse(readFileSync(join(root, 'vercel.json'), 'utf8')) as {
    headers: { source: string; headers: { key: string; value: string }[] }[];
  };
  const all = config.headers.find((h) => h.source === '/(.*)');
  return Object.fromEntries((all?.headers ?? []).map((h) => [h.key.toLowerCase(), h.value]));
}

describe('security headers', () => {
  let relay: TestRelay;

  beforeAll(async () => {
    relay = await startTestRelayServing({
      'index.html': '<!doctype html><title>Parley</title>',
      'sw.js': 'self.skipWaiting();',
      'assets/app.js': 'export {};',
    });
  });

  afterAll(async () => {
    await relay.close();
  });

  it.each([
    ['the page', '/', BROWSER, 200],
    ['the page at an app route', '/conversations/42', BROWSER, 200],
    ['the page by name', '/index.html', BROWSER, 200],
    ['a hashed asset', '/assets/app.js', '*/*', 200],
    ['the service worker', '/sw.js', '*/*', 200],
    ['a JSON answer', '/health', '*/*', 200],
    ['an API answer', '/api/sessions', '*/*', 200],
    ['an unknown API path', '/api/nothing', '*/*', 404],
    ['a 404', '/assets/missing.js', '*/*', 404],
  ])('%s (%s) may not be framed', async (_, path, accept, status) => {
    const res = await fetch(`${relay.url}${path}`, { headers: { Accept: accept } });
    expect(res.status).toBe(status);
    await res.arrayBuffer();
    for (const [name, value] of Object.entries(WANTED))
      expect(res.headers.get(name), name).toBe(value);
  });

  it('a refused body carries them too', async () => {
    const res = await fetch(`${relay.url}/api/sessions/x`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: ' '.repeat(64 * 1024),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
  });

  it('are the ones vercel.json gives the app hosted apart (HSTS: there only, over HTTPS)', () => {
    const vercel = vercelHeaders();
    expect(vercel['strict-transport-security']).toMatch(/^max-age=\d+/);
    delete vercel['strict-transport-security'];
    expect(vercel).toEqual(WANTED);
  });
});
