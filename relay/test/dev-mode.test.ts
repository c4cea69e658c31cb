import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, ServerMessage } from '@parley/shared';
import { DEV_MODE_REMOTE_MESSAGE } from '../src/auth/dev-identity.ts';
import { TalkClient } from '../src/talk/client.ts';
import { rawRequest, refusal, type RawAnswer } from './clients.ts';
import { clusterSkipReason, Nginx } from './cluster/daemons.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { JWT_RELAY, ORIGIN, token } from './jwt-kit.ts';
import { TcpProxy } from './tcp-proxy.ts';

// Issue 44: dev mode's local identity (no token needed) is for the developer's own machine. A
// dev relay reached through a proxy, a forwarder that carries another name, or a page that
// rebound its DNS name to 127.0.0.1 gives nobody that identity.

const PREFERENCES = { persona: 'tutor', replyLength: 'short', speakingRate: 1, language: 'en' };

/** The routes that give the local identity, as a browser page of the app calls them. */
const USER_ROUTES = [
  { method: 'GET', path: '/api/sessions' },
  { method: 'GET', path: '/api/preferences' },
  { method: 'PUT', path: '/api/preferences', body: JSON.stringify(PREFERENCES) },
  { method: 'POST', path: '/api/session' },
  { method: 'GET', path: '/api/status' },
] as const;

/** Each user route at `base`, with `headers`: the answers, in {@link USER_ROUTES}' order. */
function callEach(base: string, headers: Record<string, string> = {}): Promise<RawAnswer[]> {
  return Promise.all(
    USER_ROUTES.map((r) =>
      rawRequest(`${base}${r.path}`, {
        method: r.method,
        headers: { 'Content-Type': 'application/json', ...headers },
        ...('body' in r ? { body: r.body } : {}),
      }),
    ),
  );
}

const body = (answer: RawAnswer) => JSON.parse(answer.body) as ApiErrorBody;
const ws = (url: string) => `${url.replace('http', 'ws')}/ws`;

describe('a dev-mode relay refuses to start where it could serve others', () => {
  it('behind a trusted proxy (TRUST_PROXY), naming AUTH_MODE=jwt', async () => {
    await expect(startTestRelay({ TRUST_PROXY: '1' })).rejects.toThrow(
      /AUTH_MODE=dev serves only this machine, and TRUST_PROXY=1 .*set AUTH_MODE=jwt/,
    );
  });

  it('on an address beyond loopback, naming AUTH_MODE=jwt', async () => {
    await expect(startTestRelay({ HOST: '0.0.0.0' })).rejects.toThrow(
      /HOST="0\.0\.0\.0" is not\. .*set AUTH_MODE=jwt/,
    );
  });
});

describe('a jwt-mode relay refuses to start for plain-http pages', () => {
  it('lists them, and lets a loopback one through', async () => {
    await expect(
      startTestRelay({ ...JWT_RELAY, ALLOWED_ORIGINS: `${ORIGIN}, http://chat.example.com` }),
    ).rejects.toThrow(
      /AUTH_MODE=jwt serves pages over https only, and ALLOWED_ORIGINS lists http:\/\/chat\.example\.com: use https:\/\//,
    );
    const relay = await startTestRelay({ ...JWT_RELAY, ALLOWED_ORIGINS: 'http://localhost:5173' });
    await relay.close();
  });
});

describe('a dev-mode relay', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({ CONNECTIONS_PER_IP_BURST: '100' });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('serves this machine without a token: the API, a ticket and a conversation', async () => {
    const answers = await callEach(relay.url);
    expect(answers.map((a) => a.status)).toEqual(USER_ROUTES.map(() => 200));
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      expect(client.ready.sessionId).toMatch(/\S/);
    } finally {
      client.close();
    }
  });

  const nginxMissing = clusterSkipReason(['/usr/sbin/nginx']);
  describe.skipIf(nginxMissing !== null)(
    `behind deploy/nginx.conf.template${nginxMissing ? ` (SKIPPED: ${nginxMissing})` : ''}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'parley-dev-nginx-'));
      const nginx = new Nginx();
      beforeAll(async () => {
        await nginx.start(dir, [relay.port]);
      });
      afterAll(async () => {
        await nginx.stop();
        rmSync(dir, { recursive: true, force: true });
      });

      it('gives no visitor the local identity: every user route and the upgrade are 403', async () => {
        // nginx connects from 127.0.0.1 with Host 127.0.0.1: only its X-Forwarded-For tells.
        const answers = await callEach(nginx.url);
        expect(answers.map((a) => a.status)).toEqual(USER_ROUTES.map(() => 403));
        for (const a of answers)
          expect(body(a)).toEqual({ error: 'forbidden', message: DEV_MODE_REMOTE_MESSAGE });
        const upgrade = await refusal(ws(nginx.url));
        expect(upgrade.status).toBe(403);
        expect(upgrade.body).toContain('set AUTH_MODE=jwt');
      });

      it('still answers the probes through it', async () => {
        expect((await fetch(`${nginx.url}/health`)).status).toBe(200);
      });
    },
  );

  describe('through a raw TCP forwarder (ssh -L, socat)', () => {
    const forwarder = new TcpProxy(0);
    beforeAll(async () => {
      forwarder.retarget(relay.port);
      await forwarder.listen();
    });
    afterAll(async () => {
      await forwarder.close();
    });

    it('refuses a browser elsewhere that addressed this machine by its name (421)', async () => {
      // A loopback peer (the forwarder) with no forwarding header: its Host is all there is.
      const base = `http://127.0.0.1:${forwarder.port}`;
      const host = { Host: `devbox.lan:${forwarder.port}` };
      const answers = await callEach(base, host);
      expect(answers.map((a) => a.status)).toEqual(USER_ROUTES.map(() => 421));
      expect(body(answers[0] ?? { status: 0, body: '{}' })).toMatchObject({
        error: 'forbidden',
        message: expect.stringMatching(/does not answer for the name/) as unknown,
      });
      expect((await refusal(ws(base), host)).status).toBe(421);
    });
  });

  it('refuses a page that rebound its DNS name to 127.0.0.1 (421), on every route but the probes', async () => {
    const host = { Host: `rebind.evil.example:${relay.port}`, Origin: relay.url };
    const answers = await callEach(relay.url, host);
    expect(answers.map((a) => a.status)).toEqual(USER_ROUTES.map(() => 421));
    expect((await refusal(relay.wsUrl, host)).status).toBe(421);
    expect((await rawRequest(`${relay.url}/api/client-config`, { headers: host })).status).toBe(
      421,
    );
    expect((await rawRequest(`${relay.url}/health`, { headers: host })).status).toBe(200);
    expect((await rawRequest(`${relay.url}/ready`, { headers: host })).status).toBe(200);
  });
});

describe('a jwt-mode relay answers only for its names', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({ ...JWT_RELAY, ALLOWED_HOSTS: 'relay.example' });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('its page’s, ALLOWED_HOSTS’ and loopback ones', async () => {
    const sessions = async (host: string) =>
      (
        await rawRequest(`${relay.url}/api/sessions`, {
          headers: { Host: host, Origin: ORIGIN, Authorization: `Bearer ${await token('alice')}` },
        })
      ).status;
    expect(await sessions('app.example')).toBe(200);
    expect(await sessions('relay.example:8443')).toBe(200);
    expect(await sessions(`127.0.0.1:${relay.port}`)).toBe(200);
    expect(await sessions('other.example')).toBe(421);
    // A load balancer's probe comes by IP.
    expect(
      (await rawRequest(`${relay.url}/ready`, { headers: { Host: '10.1.2.3:8787' } })).status,
    ).toBe(200);
  });
});

describe('a data folder used in dev mode, then in jwt mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-dev-then-jwt-'));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the dev user’s data from a token whose sub is "local" (or "dev:local")', async () => {
    // Dev mode: a conversation that cost something, and preferences.
    const dev = await startTestRelay({
      DATA_DIR: dataDir,
      PRICING_JSON: JSON.stringify({ tts: { flite: { usdPerMillionCharacters: 1000 } } }),
    });
    let sessionId: string;
    let spent: number;
    try {
      const put = await rawRequest(`${dev.url}/api/preferences`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(PREFERENCES),
      });
      expect(put.status).toBe(200);
      const client = await TalkClient.connect(dev.wsUrl);
      try {
        sessionId = client.ready.sessionId;
        client.send({ type: 'user.text', turnId: 1, text: 'Good morning.' });
        await client.waitForTurn(1);
        const cost = client.received.filter(
          (m): m is Extract<ServerMessage, { type: 'cost' }> => m.type === 'cost',
        );
        spent = cost.at(-1)?.userDayMicros ?? 0;
        expect(spent).toBeGreaterThan(0);
      } finally {
        client.close();
      }
      // Stored once the session ends (it waits for no resume: the user ended it).
      await expect
        .poll(async () => {
          const res = await fetch(`${dev.url}/api/sessions`);
          return ((await res.json()) as { sessions: { endedAt: number | null }[] }).sessions;
        })
        .toEqual([expect.objectContaining({ endedAt: expect.any(Number) as unknown })]);
    } finally {
      await dev.close();
    }

    // The same folder in jwt mode: "local" is an ordinary user of the identity provider.
    const jwt = await startTestRelay({ ...JWT_RELAY, DATA_DIR: dataDir });
    try {
      const as = async (sub: string, path: string) =>
        fetch(`${jwt.url}${path}`, {
          headers: { Origin: ORIGIN, Authorization: `Bearer ${await token(sub)}` },
        });
      const list = (await (await as('local', '/api/sessions')).json()) as { sessions: unknown[] };
      expect(list.sessions).toEqual([]);
      // The conversation (what the app exports) is not theirs.
      expect((await as('local', `/api/sessions/${sessionId}`)).status).toBe(404);
      const prefs = (await (await as('local', '/api/preferences')).json()) as {
        preferences: { persona: string };
      };
      expect(prefs.preferences.persona).not.toBe('tutor');
      // Nor is what the dev user spent today.
      const client = await TalkClient.connect(jwt.wsUrl, {
        token: await token('local'),
        origin: ORIGIN,
      });
      try {
        const cost = client.received.find((m) => m.type === 'cost');
        expect(cost).toMatchObject({ type: 'cost', userDayMicros: 0 });
      } finally {
        client.close();
      }
      // The dev user's own id cannot be claimed by a token.
      const claimed = await as('dev:local', '/api/sessions');
      expect(claimed.status).toBe(401);
    } finally {
      await jwt.close();
    }

    // Back in dev mode, the developer's data is all there.
    const again = await startTestRelay({ DATA_DIR: dataDir });
    try {
      const mine = (await (await fetch(`${again.url}/api/sessions`)).json()) as {
        sessions: { id: string }[];
      };
      expect(mine.sessions.map((s) => s.id)).toEqual([sessionId]);
    } finally {
      await again.close();
    }
  }, 60_000);
});
