import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeTls } from '../../../test/fakes/certificate.ts';
import { startFakeHttp, type FakeHttpServer } from '../../../test/fakes/fake-http.ts';
import type { FakeTls } from '../../../test/fakes/fake-http.ts';
import {
  httpOrigin,
  ProviderConnections,
  providerConnections,
  useProviderConnections,
} from './connections.ts';
import { probeGet } from './http.ts';

/** A GET through the relay's provider helper, as an adapter makes it. */
const get = (url: string) => probeGet('fake', url, {}, AbortSignal.timeout(10_000));

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('connections to a provider, kept alive and opened ahead', () => {
  let tls: FakeTls;
  let fake: FakeHttpServer;
  let connections: ProviderConnections;
  const previous = providerConnections();
  /** Provider requests go through new connections (trusting the fake's CA unless told). */
  const use = (options: ConstructorParameters<typeof ProviderConnections>[0] = {}) => {
    connections = new ProviderConnections({ extraCa: [tls.cert], ...options });
    void useProviderConnections(connections).close();
  };

  beforeAll(async () => {
    tls = fakeTls();
    fake = await startFakeHttp({ tls }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    use();
    fake.connections.length = 0;
    fake.requests.length = 0;
    fake.connectDelayMs = 0;
  });
  afterEach(async () => {
    await useProviderConnections(previous).close();
  });

  it('the first request rides the connection opened ahead; opening it sent no request', async () => {
    connections.warm([`${fake.url}/v1/`]);
    await expect.poll(() => fake.connections[0]?.securedAtMs ?? null).not.toBeNull();
    expect(fake.requests).toHaveLength(0);
    expect(connections.ready(`${fake.url}/v1/models`)).toBeGreaterThan(0);

    await get(`${fake.url}/v1/models`);
    expect(fake.connections).toHaveLength(1);
    expect(fake.requests.map((r) => r.connection)).toEqual([0]);
  });

  it('as many connections as the stages an origin serves, however many ask; none while idle ones wait', async () => {
    // The language model and the voice on one origin: their requests overlap in a turn.
    const stages = [`${fake.url}/v1`, `${fake.url}/v1/audio/speech`];
    connections.warm(stages);
    connections.warm(stages);
    await expect.poll(() => fake.connections.filter((c) => c.securedAtMs !== null).length).toBe(2);
    await Promise.all([get(`${fake.url}/v1/models`), get(`${fake.url}/v1/models`)]);
    expect(fake.requests.map((r) => r.connection).sort()).toEqual([0, 1]);
    // Both idle in the pool again: another warm-up has nothing to do.
    await expect.poll(() => connections.ready(fake.url)).toBe(2);
    connections.warm(stages);
    await get(`${fake.url}/v1/models`);
    expect(fake.connections).toHaveLength(2);
  });

  it('a request made while the warm-up is still connecting waits for it, not for a second one', async () => {
    fake.connectDelayMs = 100;
    connections.warm([fake.url]);
    await get(`${fake.url}/v1/models`);
    expect(fake.connections).toHaveLength(1);
    expect(fake.requests.map((r) => r.connection)).toEqual([0]);
  });

  it('a connection opened ahead and never used is closed after keepAliveMs; warming opens another', async () => {
    use({ keepAliveMs: 100 });
    connections.warm([fake.url]);
    await expect.poll(() => fake.connections[0]?.securedAtMs ?? null).not.toBeNull();
    await expect.poll(() => fake.connections[0]?.closedAtMs ?? null).not.toBeNull();
    expect(connections.ready(fake.url)).toBe(0);

    connections.warm([fake.url]);
    await get(`${fake.url}/v1/models`);
    expect(fake.connections).toHaveLength(2);
    expect(fake.requests.map((r) => r.connection)).toEqual([1]);
  });

  it('warming an origin that does not answer fails quietly; its request fails as it would have', async () => {
    const url = `https://127.0.0.1:${await closedPort()}`;
    connections.warm([url]);
    await expect.poll(() => connections.ready(url)).toBe(0);
    await expect(get(url)).rejects.toMatchObject({ kind: 'network' });
  });

  it('checks certificates: an origin whose CA is not trusted is refused, warm-up or not', async () => {
    use({ extraCa: [] });
    connections.warm([fake.url]);
    await expect.poll(() => connections.ready(fake.url)).toBe(0);
    await expect(get(`${fake.url}/v1/models`)).rejects.toMatchObject({ kind: 'network' });
    expect(fake.requests).toHaveLength(0);
  });

  it('warming can be turned off', async () => {
    use({ warmUp: false });
    connections.warm([fake.url]);
    expect(connections.ready(fake.url)).toBe(0);
    await get(`${fake.url}/v1/models`);
    expect(fake.connections).toHaveLength(1);
  });
});

describe('httpOrigin', () => {
  it('is the origin of an http(s) address, null for a WebSocket, a bad or no address', () => {
    expect(httpOrigin('https://api.openai.com/v1')).toBe('https://api.openai.com');
    expect(httpOrigin('http://127.0.0.1:8080/v1/')).toBe('http://127.0.0.1:8080');
    expect(httpOrigin('wss://api.deepgram.com')).toBeNull();
    expect(httpOrigin('not a url')).toBeNull();
    expect(httpOrigin(undefined)).toBeNull();
  });
});
