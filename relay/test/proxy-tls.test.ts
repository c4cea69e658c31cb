import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect as http2Connect } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '@parley/shared';
import { clusterSkipReason, Nginx, nginxConfig } from './cluster/daemons.ts';
import { selfSignedCertificate } from './fakes/certificate.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { freePort } from './relay-process.ts';
import { JWT_RELAY, ORIGIN, token } from './jwt-kit.ts';

/**
 * deploy/nginx.conf.template as production runs it: HTTPS in front of the relay (HTTP/2 for
 * pages, HTTP/1.1 for the WebSocket), HSTS on every HTTPS answer, and port 80 answering only
 * Let's Encrypt's challenges and redirects to HTTPS. nginx presents a self-signed certificate
 * the test trusts as its CA. The relay runs in jwt mode, as one behind nginx does.
 */

const skip = clusterSkipReason(['/usr/sbin/nginx', 'openssl']);

const HSTS = 'max-age=63072000; includeSubDomains';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP/1.1 request; over HTTPS trusting `ca`. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; ca?: string } = {},
): Promise<Answer> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end();
  });
}

/** GET over HTTP/2 (ALPN h2), trusting `ca`: the status, the HSTS header and the protocol. */
function getOverHttp2(origin: string, path: string, ca: string) {
  return new Promise<{ status: number; hsts: unknown; alpn: string | false | undefined }>(
    (resolve, reject) => {
      const session = http2Connect(origin, { ca });
      session.once('error', reject);
      const req = session.request({ ':path': path });
      req.once('response', (headers) => {
        const alpn = session.alpnProtocol;
        req.resume();
        req.once('end', () => {
          session.close();
          resolve({
            status: Number(headers[':status']),
            hsts: headers['strict-transport-security'],
            alpn,
          });
        });
      });
      req.once('error', reject);
      req.end();
    },
  );
}

describe.skipIf(skip !== null)(
  `a relay behind deploy/nginx.conf.template over HTTPS${skip ? ` (SKIPPED: ${skip})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-tls-'));
    const nginx = new Nginx();
    let relay: TestRelay;

    beforeAll(async () => {
      relay = await startTestRelay({ ...JWT_RELAY, TRUST_PROXY: '1' });
      await nginx.start(dir, [relay.port]);
    });

    afterAll(async () => {
      await nginx.stop();
      await relay.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('proxies HTTPS to the relay, with HSTS', async () => {
      const res = await send(`${nginx.httpsUrl}/health`, { ca: nginx.caCert });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
      expect(res.headers['strict-transport-security']).toBe(HSTS);
      // Errors too (`always`): a 404 from the relay.
      const missing = await send(`${nginx.httpsUrl}/api/no-such-thing`, { ca: nginx.caCert });
      expect(missing.status).toBe(404);
      expect(missing.headers['strict-transport-security']).toBe(HSTS);
    });

    it('speaks HTTP/2 to browsers that offer it, with HSTS', async () => {
      expect(await getOverHttp2(nginx.httpsUrl, '/health', nginx.caCert)).toEqual({
        status: 200,
        hsts: HSTS,
        alpn: 'h2',
      });
    });

    it('refuses a client that does not trust the certificate', async () => {
      await expect(send(`${nginx.httpsUrl}/health`)).rejects.toThrow(/self-signed certificate/);
    });

    it('opens a conversation over wss:// (the WebSocket upgrade through TLS)', async () => {
      const ticket = await send(`${nginx.httpsUrl}/api/session`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${await token('alice')}` },
        ca: nginx.caCert,
      });
      expect(ticket.status).toBe(200);
      expect(ticket.headers['strict-transport-security']).toBe(HSTS);
      const ws = new WebSocket(`${nginx.httpsUrl.replace('https', 'wss')}/ws`, {
        ca: nginx.caCert,
        headers: { Origin: ORIGIN },
      });
      try {
        // 'open' follows 'upgrade' at once: both listened for before either comes.
        let upgrade: IncomingHttpHeaders = {};
        ws.once('upgrade', (res) => (upgrade = res.headers));
        await new Promise((resolve, reject) => {
          ws.once('open', resolve);
          ws.once('unexpected-response', (_req, res) => reject(new Error(`${res.statusCode}`)));
          ws.once('error', reject);
        });
        expect(upgrade['strict-transport-security']).toBe(HSTS);
        const first = new Promise<unknown>((resolve) =>
          ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))),
        );
        ws.send(
          JSON.stringify({
            type: 'hello',
            protocol: PROTOCOL_VERSION,
            outputSampleRateHz: 16_000,
            ticket: (JSON.parse(ticket.body) as { ticket: string }).ticket,
          }),
        );
        expect(await first).toMatchObject({ type: 'ready' });
      } finally {
        ws.terminate();
      }
    });

    it('redirects port 80 to HTTPS, path and query kept, without HSTS', async () => {
      const res = await send(`${nginx.redirectUrl}/ws/x?ticket=1&a=b`, {
        headers: { Host: 'chat.example.com' },
      });
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe('https://chat.example.com/ws/x?ticket=1&a=b');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });

    it('serves Let’s Encrypt’s HTTP-01 challenges on port 80 from the webroot', async () => {
      const challenges = join(nginx.acmeWebroot, '.well-known', 'acme-challenge');
      mkdirSync(challenges, { recursive: true });
      writeFileSync(join(challenges, 'a-token'), 'a-token.key-authorization');
      const res = await send(`${nginx.redirectUrl}/.well-known/acme-challenge/a-token`, {
        headers: { Host: 'chat.example.com' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toBe('a-token.key-authorization');
    });

    it('the plain-HTTP listener (PLAIN_LISTEN) proxies without HSTS', async () => {
      const res = await send(`${nginx.url}/health`);
      expect(res.status).toBe(200);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });

    it('filled as in production (PLAIN_LISTEN empty) is a configuration nginx accepts', () => {
      const prefix = join(dir, 'production');
      mkdirSync(prefix);
      const tls = selfSignedCertificate(prefix);
      const config = nginxConfig({
        PREFIX: prefix,
        HTTP_LISTEN: '80',
        ACME_WEBROOT: '/var/www/letsencrypt',
        TLS_LISTEN: '443',
        TLS_CERT: tls.cert,
        TLS_KEY: tls.key,
        UPSTREAM_SERVERS: 'server 10.0.0.11:8787; server 10.0.0.12:8787;',
        PLAIN_LISTEN: '',
      });
      writeFileSync(join(prefix, 'nginx.conf'), config);
      const checked = spawnSync('/usr/sbin/nginx', ['-t', '-p', prefix, '-c', 'nginx.conf'], {
        encoding: 'utf8',
      });
      expect(checked.stderr).toContain('test is successful');
      expect(checked.status).toBe(0);
      // No listener but port 80 and 443.
      expect([...config.matchAll(/^\s*listen\s+([^;]+);/gm)].map((m) => m[1])).toEqual([
        '80',
        '443 ssl http2',
      ]);
    });
  },
);

describe.skipIf(skip !== null)(
  `deploy/nginx.conf.template in front of an upstream with its own HSTS${skip ? ` (SKIPPED: ${skip})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-tls-hsts-'));
    const nginx = new Nginx();
    // A relay that sends its own HSTS (e.g. a secure-headers middleware): nginx's is the one sent.
    const upstream = createServer((_req, res) => {
      res.writeHead(200, { 'Strict-Transport-Security': 'max-age=60' }).end('ok');
    });

    beforeAll(async () => {
      const port = await freePort();
      await new Promise<void>((resolve) => upstream.listen(port, '127.0.0.1', resolve));
      await nginx.start(dir, [port]);
    });

    afterAll(async () => {
      await nginx.stop();
      await new Promise((resolve) => upstream.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    });

    it('sends one HSTS header, nginx’s', async () => {
      const res = await send(`${nginx.httpsUrl}/`, { ca: nginx.caCert });
      expect(res.status).toBe(200);
      expect(res.headers['strict-transport-security']).toBe(HSTS);
      expect((await send(`${nginx.url}/`)).headers['strict-transport-security']).toBeUndefined();
    });
  },
);
