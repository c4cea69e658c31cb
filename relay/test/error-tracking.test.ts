import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startFakeSentry, type FakeSentry } from './fakes/sentry-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { freePort, PINNED_RECOGNISER, RelayProcess } from './relay-process.ts';

const KEY = 'sk-error-tracking-0123456789';
/** What the user typed: it must never reach error tracking. */
const SAID = 'my secret plan involves seventeen llamas';

describe('error tracking with SENTRY_DSN, in the relay as it runs in production', () => {
  let sentry: FakeSentry;
  let openai: FakeOpenAi;
  let relay: RelayProcess;
  beforeAll(async () => {
    sentry = await startFakeSentry();
    openai = await startFakeOpenAi({ apiKey: KEY });
    openai.setFault('chat', { kind: 'status', status: 500 });
    relay = new RelayProcess(await freePort(), {
      // Typed questions only: no recogniser to load (docs/testing.md).
      ASR_PROVIDERS: PINNED_RECOGNISER,
      SENTRY_DSN: sentry.dsn,
      SENTRY_ENVIRONMENT: 'test',
      SENTRY_RELEASE: 'parley@test',
      LLM_PROVIDERS: 'openai',
      ...openAiRelayEnv(openai, KEY),
    });
    await relay.start();
  });
  afterAll(async () => {
    await relay.stop();
    await openai.close();
    await sentry.close();
  });

  it("reports a turn's failure with its session and turn ids, and nothing the user said", async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: SAID });
    expect((await client.waitForTurn(1)).status).toBe('failed');
    const { sessionId } = client.ready;
    client.close();

    await expect.poll(() => sentry.events.length).toBeGreaterThan(0);
    const [received] = sentry.events;
    const { event } = received!;
    expect(event.level).toBe('error');
    expect(event.environment).toBe('test');
    expect(event.release).toBe('parley@test');
    expect(event.tags).toMatchObject({
      sessionId,
      turnId: 1,
      what: 'llm failed',
      logger: 'relay:session',
      stage: 'llm',
    });
    expect(event.contexts?.turn).toEqual({ sessionId, turnId: 1 });
    // The provider's answer is summarised, never quoted (it may repeat the user's words).
    expect(event.exception?.values?.at(-1)).toMatchObject({
      type: 'NoProviderError',
      value: 'No llm provider could serve the request (tried: openai:gpt-4o-mini)',
    });
    for (const secret of [SAID, 'seventeen llamas', KEY, 'The server had an error'])
      expect(received!.raw).not.toContain(secret);
    expect(event).not.toHaveProperty('extra');
    expect(event).not.toHaveProperty('breadcrumbs');
    expect(event).not.toHaveProperty('user');
    // Sent to the DSN's project with its public key, by the official SDK.
    expect(sentry.requests[0]?.path).toMatch(/^\/api\/1\/envelope\/\?.*sentry_key=publickey/);
    expect(received!.envelope.sdk).toMatchObject({ name: 'sentry.javascript.node' });
  });
});

/** An envelope as the browser SDK sends it through the tunnel, with what must not go on. */
function browserReport(dsn: string): string {
  const event = {
    event_id: 'a'.repeat(32),
    level: 'error',
    platform: 'javascript',
    exception: { values: [{ type: 'Error', value: 'boom with token=abcdef123' }] },
    request: {
      url: 'http://127.0.0.1/?codec=opus&ticket=Qm9yZWQ_of-reading-tickets-0123456789abcdefXYZ',
      headers: { Authorization: 'Bearer abc.def.ghi', 'User-Agent': 'Chromium' },
    },
    tags: { sessionId: 'Ab3_dEf-9hIjKlMn', turnId: 2 },
    extra: { transcript: SAID },
    breadcrumbs: [{ category: 'console', message: SAID }],
  };
  return [
    JSON.stringify({ event_id: event.event_id, dsn, sdk: { name: 'sentry.javascript.browser' } }),
    JSON.stringify({ type: 'event' }),
    JSON.stringify(event),
    JSON.stringify({ type: 'attachment', length: SAID.length, filename: 'notes.txt' }),
    SAID,
    JSON.stringify({ type: 'replay_recording' }),
    JSON.stringify({ text: SAID }),
    '',
  ].join('\n');
}

describe("the page's error reports, forwarded by the relay", () => {
  let sentry: FakeSentry;
  let relay: TestRelay;
  beforeAll(async () => {
    sentry = await startFakeSentry();
    relay = await startTestRelay({ SENTRY_DSN: sentry.dsn, SENTRY_ENVIRONMENT: 'staging' });
  });
  afterAll(async () => {
    await relay.close();
    await sentry.close();
  });

  const report = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${relay.url}/api/error-reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers },
      body,
    });

  it('tells the page where to report, without the DSN being built into it', async () => {
    const res = await fetch(`${relay.url}/api/client-config`);
    expect(res.status).toBe(200);
    expect(clientConfig.parse(await res.json())).toEqual({
      errorTracking: {
        dsn: sentry.dsn,
        tunnel: '/api/error-reports',
        environment: 'staging',
      },
    });
  });

  it("forwards the page's error events scrubbed, and nothing else it sent", async () => {
    const res = await report(browserReport(sentry.dsn));
    expect(res.status).toBe(200);
    await expect.poll(() => sentry.events.length).toBe(1);
    const [received] = sentry.events;
    expect(sentry.itemTypes).toEqual(['event']);
    expect(received!.event.tags).toEqual({ sessionId: 'Ab3_dEf-9hIjKlMn', turnId: 2 });
    expect(received!.event.request).toEqual({
      url: 'http://127.0.0.1/?codec=opus&ticket=[redacted]',
      headers: { 'user-agent': 'Chromium' },
    });
    expect(received!.event.exception?.values?.[0]?.value).toBe('boom with token=[redacted]');
    for (const secret of [SAID, 'Bearer', 'abc.def.ghi', 'Qm9yZWQ', 'abcdef123'])
      expect(received!.raw).not.toContain(secret);
  });

  it('takes out what the user typed that identifies them: card, e-mail, phone (issue 44)', async () => {
    const CARD = '4111-1111-1111-1111';
    const EMAIL = 'ada.lovelace@example.com';
    const PHONE = '(415) 555-2671';
    const said = `my card is ${CARD}, write to ${EMAIL} or call ${PHONE}`;
    const event = {
      event_id: 'b'.repeat(32),
      level: 'error',
      message: said,
      exception: { values: [{ type: 'Error', value: `could not send "${said}"` }] },
      tags: { sessionId: 'Ab3_dEf-9hIjKlMn', draft: said },
      contexts: { app: { lastInput: said }, turn: { sessionId: 'Ab3_dEf-9hIjKlMn', turnId: 3 } },
      breadcrumbs: [{ category: 'ui.input', message: said }],
    };
    const body = [
      JSON.stringify({ event_id: event.event_id, dsn: sentry.dsn }),
      JSON.stringify({ type: 'event' }),
      JSON.stringify(event),
      '',
    ].join('\n');
    const before = sentry.events.length;
    expect((await report(body)).status).toBe(200);
    await expect.poll(() => sentry.events.length).toBe(before + 1);
    const received = sentry.events.at(-1)!;
    for (const personal of [CARD, '4111', EMAIL, 'lovelace', PHONE, '555-2671'])
      expect(received.raw).not.toContain(personal);
    const plain = 'my card is [redacted], write to [redacted] or call [redacted]';
    expect(received.event.message).toBe(plain);
    expect(received.event.exception?.values?.[0]?.value).toBe(`could not send "${plain}"`);
    expect(received.event.tags).toEqual({ sessionId: 'Ab3_dEf-9hIjKlMn', draft: plain });
    expect(received.event.contexts).toEqual({
      app: { lastInput: plain },
      turn: { sessionId: 'Ab3_dEf-9hIjKlMn', turnId: 3 },
    });
    expect(received.event).not.toHaveProperty('breadcrumbs');
  });

  it('refuses a report for another project (no open proxy), and one from a foreign page', async () => {
    const before = sentry.requests.length;
    const other = sentry.dsn.replace('publickey', 'someoneelse');
    expect((await report(browserReport(other))).status).toBe(400);
    expect((await report('not an envelope')).status).toBe(400);
    const foreign = await report(browserReport(sentry.dsn), { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(sentry.requests.length).toBe(before);
  });
});

describe('without SENTRY_DSN', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay();
  });
  afterAll(() => relay.close());

  it('the page is told there is no error tracking, and reports are refused', async () => {
    const config = await fetch(`${relay.url}/api/client-config`);
    expect(clientConfig.parse(await config.json())).toEqual({ errorTracking: null });
    const res = await fetch(`${relay.url}/api/error-reports`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});
