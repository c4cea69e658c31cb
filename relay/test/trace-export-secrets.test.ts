import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helloFor, RawClient } from './clients.ts';
import { startFakeHttp, type FakeHttpServer } from './fakes/fake-http.ts';
import { TailClient } from './log-tail-client.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

const ADMIN = 'trace-export-admin-token-0123456789abcdef';
/** What OTEL_EXPORTER_OTLP_HEADERS carries: the collector's credentials. */
const COLLECTOR_TOKEN = 'otlp-collector-credential-Zq81vK0pLm';
const TENANT_KEY = 'tenant-key-Hx72bW9cQe';

/**
 * A hostile (or merely chatty) collector: it refuses every export with 400, and says back every
 * header it was sent, in its reason phrase and its body, as some proxies and debug collectors do.
 */
async function startEchoingCollector(): Promise<FakeHttpServer> {
  return startFakeHttp((req, res) => {
    const echoed = JSON.stringify(req.headers);
    res
      .writeHead(400, `Bad request from ${String(req.headers.authorization)}`, {
        'content-type': 'application/json',
      })
      .end(JSON.stringify({ error: 'refused', youSent: echoed }));
  });
}

describe('a trace export refused by a collector that echoes the request', () => {
  let collector: FakeHttpServer;
  let relay: RelayProcess;
  beforeAll(async () => {
    collector = await startEchoingCollector();
    relay = new RelayProcess(await freePort(), {
      ...TEST_RELAY_ENV,
      ADMIN_TOKEN: ADMIN,
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${COLLECTOR_TOKEN},x-tenant-key=${TENANT_KEY}`,
      OTEL_BSP_SCHEDULE_DELAY: '0',
    });
    await relay.start();
  }, 60_000);
  afterAll(async () => {
    await relay.stop();
    await collector.close();
  });

  it('is logged with its status and error name only: the collector credentials reach no log line and no /ws/logs line', async () => {
    const tail = await TailClient.open(`${relay.url.replace('http', 'ws')}/ws/logs?level=debug`, {
      headers: { Authorization: `Bearer ${ADMIN}` },
    });
    const client = await RawClient.open(relay.wsUrl);
    client.send(await helloFor(relay));
    await client.next('ready');
    client.send({ type: 'user.text', turnId: 0, text: 'what time is it' });
    await client.next('turn.done', 30_000);
    client.ws.close(1000);

    // The collector was sent the credentials, and said them back.
    await expect.poll(() => collector.requests.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(collector.requests[0]?.headers.authorization).toBe(`Bearer ${COLLECTOR_TOKEN}`);
    const failed = () => tail.allLines().find((l) => l.msg === 'trace export failed');
    await expect.poll(failed, { timeout: 20_000 }).toBeDefined();
    await expect.poll(() => relay.output).toContain('trace export failed');

    const logged = relay.output + JSON.stringify(tail.allLines());
    for (const secret of [COLLECTOR_TOKEN, TENANT_KEY]) expect(logged).not.toContain(secret);
    expect(failed()).toMatchObject({
      name: 'relay:tracing',
      error: 'OTLPExporterError',
      status: 400,
    });
    tail.ws.close();
  });
});
