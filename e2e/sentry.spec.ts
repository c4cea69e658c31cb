import { expect, test } from './mic-test.ts';
import { startFakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { startFakeSentry, type ReceivedEvent } from '../relay/test/fakes/sentry-server.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

test.use({ micFile: 'quiet' });

const KEY = 'sk-e2e-sentry-0123456789abcdef';
/** What the user types: it must reach no error report. */
const TYPED = 'tell me about the purple giraffe';

test("the page's errors reach Sentry through the relay, with the call's session and turn", async ({
  page,
}) => {
  const sentry = await startFakeSentry();
  const llm = await startFakeOpenAi({ apiKey: KEY });
  llm.setFault('chat', { kind: 'status', status: 500 });
  const relay = new E2eRelay(specPort(17), {
    env: {
      SENTRY_DSN: sentry.dsn,
      SENTRY_ENVIRONMENT: 'e2e',
      LLM_PROVIDERS: 'openai',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: llm.baseUrl,
      HEALTH_PROBE_INTERVAL_S: '0',
    },
  });
  // What the page sent to anything but its own relay (the SDK must not call Sentry itself).
  const elsewhere: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(relay.url)) elsewhere.push(r.url());
  });
  const events = (what: string) =>
    sentry.events.filter((e: ReceivedEvent) => e.event.tags?.what === what);
  try {
    await relay.start();
    // A token in the page's URL (as a sign-in may leave one) is not reported.
    await page.goto(`${relay.url}/?codec=pcm16&token=e2e-not-for-sentry`);
    await page.getByTestId('talk-button').click();
    await page.getByTestId('text-input').fill(TYPED);
    await page.getByTestId('text-send').click();
    await expect(page.getByTestId('assistant-utterance').nth(0)).toHaveAttribute(
      'data-status',
      'failed',
    );

    expect(await page.evaluate(() => '__SENTRY__' in globalThis)).toBe(true);

    // The relay reports the turn's failure itself, the page what the relay told it.
    await expect.poll(() => events('llm failed').length).toBe(1);
    await expect.poll(() => events('relay error').length).toBe(1);
    const fromRelay = events('llm failed')[0]!.event;
    const sessionId = fromRelay.tags?.sessionId;
    expect(sessionId).toMatch(/^[\w-]{16}$/);
    const fromPage = events('relay error')[0]!;
    expect(fromPage.envelope.sdk).toMatchObject({ name: 'sentry.javascript.browser' });
    expect(fromPage.event.tags).toMatchObject({ sessionId, turnId: 1, code: 'llm-failed' });
    expect(fromPage.event.environment).toBe('e2e');

    // An uncaught error of the page, during the call: tagged with its session and newest turn.
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('the page fell over');
      }, 0);
    });
    const fellOver = () =>
      sentry.events.find((e) => e.event.exception?.values?.[0]?.value === 'the page fell over');
    await expect.poll(() => fellOver() !== undefined).toBe(true);
    const uncaught = fellOver()!;
    expect(uncaught.event.exception?.values?.[0]?.type).toBe('Error');
    expect(uncaught.event.tags).toMatchObject({ sessionId, turnId: 1 });
    expect(uncaught.event.contexts?.turn).toEqual({ sessionId, turnId: 1 });
    // The page's address without its query: the SDK collects no query strings.
    expect(uncaught.event.request?.url).toBe(`${relay.url}/`);

    for (const e of sentry.events) {
      for (const secret of [TYPED, 'purple giraffe', KEY, 'e2e-not-for-sentry'])
        expect(e.raw).not.toContain(secret);
      expect(e.event).not.toHaveProperty('breadcrumbs');
      expect(e.event).not.toHaveProperty('extra');
    }
    expect(elsewhere).toEqual([]);
  } finally {
    await relay.kill();
    await llm.close();
    await sentry.close();
  }
});

test('without SENTRY_DSN the page loads no error-tracking code', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(r.url()));
  const config = page.waitForResponse((r) => r.url().endsWith('/api/client-config'));
  await page.goto('/');
  expect(await (await config).json()).toEqual({ errorTracking: null });
  await page.waitForLoadState('networkidle');
  expect(fetched.filter((url) => /sentry/i.test(url))).toEqual([]);
  // Sentry's SDK sets its global carrier when it loads (the spec above sees it).
  expect(await page.evaluate(() => '__SENTRY__' in globalThis)).toBe(false);
});
