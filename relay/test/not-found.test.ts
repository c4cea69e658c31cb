import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notFoundError } from '@parley/shared';
import { startTestRelayServing, type TestRelay } from './harness.ts';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const PAGE = '<!doctype html><title>Parley</title>';

describe('unknown paths of a relay serving the web app', () => {
  let relay: TestRelay;

  beforeAll(async () => {
    relay = await startTestRelayServing({ 'index.html': PAGE, 'assets/app.js': 'export {};' });
  });

  afterAll(async () => {
    await relay.close();
  });

  const get = (path: string, accept?: string, method = 'GET') =>
    fetch(`${relay.url}${path}`, {
      method,
      headers: accept === undefined ? {} : { Accept: accept },
    });

  it.each([
    ['/health/detailed', '*/*'],
    ['/health/detailed', BROWSER],
    ['/ws/logs', BROWSER],
    ['/ws', BROWSER],
    ['/performance/summary', '*/*'],
    ['/performance/summary', 'application/json'],
    ['/api/anything', BROWSER],
    ['/api', '*/*'],
    ['/ready/all', '*/*'],
    ['/metrics/summary', BROWSER],
    ['/ops/overview', BROWSER],
    ['/assets/missing.js', BROWSER],
  ])('%s (Accept: %s) is a JSON 404', async (path, accept) => {
    const res = await get(path, accept);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(notFoundError.parse(await res.json()).error).toBe('not-found');
  });

  it('a POST to an unknown path is a JSON 404', async () => {
    const res = await get('/anything', BROWSER, 'POST');
    expect(res.status).toBe(404);
    expect(notFoundError.safeParse(await res.json()).success).toBe(true);
  });

  it.each(['/', '/ops', '/conversations/42', '/performance/summary'])(
    'a browser navigating to %s gets the app’s page',
    async (path) => {
      const res = await get(path, BROWSER);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toBe(PAGE);
    },
  );

  it('files and the real data routes are still served', async () => {
    const asset = await get('/assets/app.js', '*/*');
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('export {};');
    const health = await get('/health', BROWSER);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
  });
});
