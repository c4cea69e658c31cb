import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { apiError } from '@parley/shared';
import { startTestRelay } from './harness.ts';

// Issue 44, item 6: every request body has a small limit (larger where a route needs it), and
// one over it is refused 413 before the relay holds it whole (a 60 MB rename once took the
// relay from 196 to 404 MB before its 400).

const KIB = 1024;

/** What each route promises; any route not named here takes at most 4 KiB. */
const LARGER: Record<string, number> = {
  '/api/error-reports': 256 * KIB,
  '/api/preferences': 16 * KIB,
  '/api/admin/settings': 64 * KIB,
  '/api/admin/settings/models': 64 * KIB,
  '/api/admin/settings/test': 64 * KIB,
};
const limitOf = (path: string) => LARGER[path] ?? 4 * KIB;

/** Methods whose requests carry a body (`ALL`: a route or middleware for any method). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'ALL']);

const relay = await startTestRelay();
afterAll(() => relay.close());

/**
 * Every route of the app a body can be sent to, as a request: `:params` filled in, a wildcard
 * as a name. Read from the app itself, so a route added later is covered as it is mounted.
 */
const bodyRoutes = [
  ...new Set(
    relay.routes
      .filter((r) => BODY_METHODS.has(r.method))
      .map((r) => {
        const path = r.path.replace(/:[A-Za-z]+/g, 'x').replace(/\*$/, 'anything');
        return `${r.method === 'ALL' ? 'POST' : r.method} ${path.startsWith('/') ? path : `/${path}`}`;
      }),
  ),
].map((route) => {
  const [method = '', path = ''] = route.split(' ');
  return { method, path };
});

interface Answer {
  status: number;
  body: string;
}

/**
 * Sends `bytes` of JSON whitespace as a chunked body (no `Content-Length`) and reads the answer.
 * Unless `ended`, the body never ends: a relay that waits for the whole body never answers, so
 * an answer proves it stopped reading.
 */
function sendBody(
  method: string,
  path: string,
  bytes: number,
  { ended, headers = {} }: { ended: boolean; headers?: Record<string, string | number> },
): Promise<Answer> {
  const { hostname, port } = new URL(relay.url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: hostname,
      port,
      method,
      path,
      headers: { 'Content-Type': 'application/json', ...headers },
      agent: false,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        if (!ended) req.destroy();
      });
    });
    const body = Buffer.alloc(bytes, 0x20);
    if (ended) req.end(body);
    else req.write(body);
  });
}

/** A body of `bytes` that never ends (see {@link sendBody}). */
const bodyWithoutEnd = (
  method: string,
  path: string,
  bytes: number,
  headers: Record<string, string | number> = {},
) => sendBody(method, path, bytes, { ended: false, headers });

/** A whole body of `bytes`. */
const wholeBody = (method: string, path: string, bytes: number) =>
  sendBody(method, path, bytes, { ended: true });

describe('request body limits', () => {
  it('knows every route that takes a body, read from the app', () => {
    expect(bodyRoutes).toEqual(
      expect.arrayContaining([
        { method: 'POST', path: '/api/session' },
        { method: 'PATCH', path: '/api/sessions/x' },
        { method: 'DELETE', path: '/api/sessions/x' },
        { method: 'PUT', path: '/api/preferences' },
        { method: 'PUT', path: '/api/admin/settings' },
        { method: 'POST', path: '/api/admin/settings/models' },
        { method: 'POST', path: '/api/admin/settings/test' },
        { method: 'POST', path: '/api/error-reports' },
        { method: 'POST', path: '/api/admin/providers/x/reset' },
        { method: 'POST', path: '/api/admin/log-tail/ticket' },
        { method: 'POST', path: '/api/anything' },
      ]),
    );
  });

  it.each(bodyRoutes)(
    '$method $path refuses a chunked body over its limit (413) before it has all of it',
    async ({ method, path }) => {
      const answer = await bodyWithoutEnd(method, path, limitOf(path) + 1, {
        'Transfer-Encoding': 'chunked',
      });
      expect(answer.status, answer.body).toBe(413);
      expect(apiError.parse(JSON.parse(answer.body))).toEqual({
        error: 'limit-exceeded',
        message: `The request body must fit in ${limitOf(path) / KIB} KiB.`,
      });
    },
    15_000,
  );

  it.each(bodyRoutes)('$method $path takes a body of its whole limit', async ({ method, path }) => {
    const answer = await wholeBody(method, path, limitOf(path));
    expect(answer.status, answer.body).not.toBe(413);
  });

  it('refuses a declared Content-Length over the limit before the body arrives', async () => {
    const answer = await bodyWithoutEnd('PATCH', '/api/sessions/x', 1024, {
      'Content-Length': 60 * 1024 * 1024,
    });
    expect(answer.status, answer.body).toBe(413);
    expect(apiError.parse(JSON.parse(answer.body)).error).toBe('limit-exceeded');
  });
});
