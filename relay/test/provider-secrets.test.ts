import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CREDENTIALS_IN_ADDRESS,
  DEFAULT_LOG_TAIL_FILTER,
  opsOverview,
  statusResponse,
} from '@parley/shared';
import { helloFor, RawClient } from './clients.ts';
import { startFakeHttp, type FakeHttpServer } from './fakes/fake-http.ts';
import { TailClient } from './log-tail-client.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

/**
 * Issue 44: a provider whose error quotes the key it was sent (as some providers and proxies
 * do: "Invalid key provided: Bearer sk-…"). The relay calls it for a turn, probes it in the
 * background and tests it from the settings: the key must reach no signed-in user, no admin
 * answer and no log line (stdout, and the live tail `/ws/logs`), while operators still see the
 * scrubbed excerpt. An address with `user:password@` is refused with a plain reason.
 */

const ADMIN = 'provider-secrets-admin-token-0123456789';
/** Shaped like no known key: only the value the relay sent can take it out of a message. */
const KEY = 'parley-plain-key-4b8d1f';
const bearer = { Authorization: `Bearer ${ADMIN}` };

describe('a provider error that quotes the key it was sent', () => {
  let echo: FakeHttpServer;
  let relay: RelayProcess;
  let tail: TailClient;
  /** Every body the relay answered in this file. */
  const answered: string[] = [];

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${relay.url}${path}`, { headers });
    const text = await res.text();
    answered.push(text);
    return { status: res.status, json: JSON.parse(text) as unknown };
  };
  const send = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${relay.url}${path}`, {
      method,
      headers: { ...bearer, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    answered.push(text);
    return { status: res.status, json: JSON.parse(text) as { message?: string; ok?: boolean } };
  };
  const echoEntry = (extra: object = {}) => ({
    id: 'echo-two',
    kind: 'openai-compatible',
    baseUrl: `${echo.url}/v1`,
    apiKey: KEY,
    ...extra,
  });

  beforeAll(async () => {
    echo = await startFakeHttp((req, res) => {
      const body = JSON.stringify({
        error: {
          message: `Invalid key provided: ${req.headers.authorization ?? 'none'} (that is ${KEY})`,
          upstream: 'http://10.0.0.5:8080/internal',
        },
      });
      res.writeHead(400, { 'Content-Type': 'application/json' }).end(body);
    });
    relay = new RelayProcess(await freePort(), {
      ...TEST_RELAY_ENV,
      ADMIN_TOKEN: ADMIN,
      LOG_LEVEL: 'debug',
      LLM_PROVIDERS: 'echo',
      ECHO_BASE_URL: `${echo.url}/v1`,
      ECHO_API_KEY: KEY,
      ECHO_MODEL: 'm',
      HEALTH_PROBE_INTERVAL_S: '0.2',
    });
    await relay.start();
    tail = await TailClient.open(`${relay.url.replace('http', 'ws')}/ws/logs`, {
      headers: bearer,
    });
    tail.filter({ ...DEFAULT_LOG_TAIL_FILTER, level: 'debug' });
  }, 60_000);
  afterAll(async () => {
    tail.ws.close();
    await relay.stop();
    await echo.close();
  });

  it('is called for a turn, probed and tested, and the key shows nowhere', async () => {
    // A turn: the model answers 400, quoting the key.
    const client = await RawClient.open(relay.wsUrl);
    client.send(await helloFor(relay));
    await client.next('ready', 20_000);
    client.send({ type: 'user.text', turnId: 1, text: 'hello there', speak: false });
    await client.next('error', 20_000);
    client.ws.close();

    // The background probe fails the same way, every 0.2 s, and says so in the log.
    await expect.poll(() => relay.output).toContain('provider health probe failed');
    await expect
      .poll(() => tail.allLines().map((l) => l.msg))
      .toContain('provider health probe failed');

    // A signed-in user: the failure's kind and status, not the provider's words.
    const user = await get('/api/status');
    expect(JSON.stringify(user.json)).not.toContain(KEY);
    const echoStatus = statusResponse
      .parse(user.json)
      .providers.find((p) => p.id.startsWith('echo'));
    expect(echoStatus?.lastError).toMatchObject({ kind: 'http', status: 400 });
    expect(JSON.stringify(user.json)).not.toMatch(/Invalid key|10\.0\.0\.5|127\.0\.0\.1/);

    // The operator: the scrubbed excerpt.
    const ops = await get('/api/admin/overview', bearer);
    const echoOps = opsOverview.parse(ops.json).providers.find((p) => p.id.startsWith('echo'));
    expect(echoOps?.lastError?.message).toMatch(
      /HTTP 400: .*Invalid key provided: \[redacted\] \(that is \[redacted\]\)/,
    );

    // The settings screen: our own words; the provider's go to the log.
    const tested = await send('POST', '/api/admin/settings/test', {
      stage: 'llm',
      entry: echoEntry({ model: 'm' }),
    });
    expect(tested.json).toEqual({
      ok: false,
      status: 400,
      message:
        'The server answered 400 (client error): the address, model or key may not be what it expects',
    });
    const models = await send('POST', '/api/admin/settings/models', {
      stage: 'llm',
      entry: echoEntry(),
    });
    expect(models.status).toBe(502);
    expect(models.json.message).not.toMatch(/Invalid key/);
    await expect.poll(() => relay.output).toContain('a provider test failed');
    await expect.poll(() => relay.output).toContain('could not be had');

    for (const body of answered) expect(body).not.toContain(KEY);
    expect(relay.output).toContain('[redacted]');
    expect(relay.output).not.toContain(KEY);
    const streamed = JSON.stringify(tail.allLines());
    expect(streamed).toContain('[redacted]');
    expect(streamed).not.toContain(KEY);
  });

  it('refuses an address with a user name or password, and says where the key goes', async () => {
    const refused = await send('PUT', '/api/admin/settings', {
      chains: {
        asr: [{ id: 'embedded', kind: 'embedded' }],
        llm: [
          echoEntry({
            model: 'm',
            baseUrl: `${echo.url.replace('//', '//someone:pw-in-address@')}/v1`,
          }),
        ],
        tts: [{ id: 'embedded', kind: 'embedded' }],
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.message).toContain(CREDENTIALS_IN_ADDRESS);
    expect(refused.json.message).not.toContain('pw-in-address');
  });
});
