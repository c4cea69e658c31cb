import { expect, test, type Page } from './mic-test.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { checkAccessibility } from './axe-check.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

// Issue 45, item 4: before any turn a new user saw a grey "Not connected" and a line of phrases
// to say, nothing of what would answer them. The first screen now says what the assistant is —
// the offline responder and what it can do — with one click to connect a model or to use the
// model server found on this machine.

test.use({ serviceWorkers: 'block' });

const REPLY = 'Hello from the local model.';

let fake: FakeOpenAi;
let relay: E2eRelay;

async function startRelay(probes: string): Promise<void> {
  relay = new E2eRelay(specPort(63), { env: { LOCAL_SERVER_PROBES: probes } });
  await relay.start();
}

test.beforeEach(async () => {
  fake = await startFakeOpenAi({ models: ['llama3.2'] });
  fake.reply = () => REPLY;
});

test.afterEach(async () => {
  await relay.kill();
  await fake.close();
});

/** The paths and methods of the page's requests to the relay's API. */
function apiRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/')) seen.push(`${r.method()} ${path}`);
  });
  return seen;
}

test('the first screen says the offline responder answers and what it can do, and one click uses the local server found', async ({
  page,
}) => {
  await startRelay(`ollama=${fake.baseUrl}`);
  const requests = apiRequests(page);
  await page.goto(relay.url);

  // A healthy start: ready, not a grey "Not connected".
  const status = page.getByTestId('connection-status');
  await expect(status).toHaveText('Ready');
  await expect(status).not.toContainText('Not connected');

  const intro = page.getByTestId('assistant-intro');
  await expect(intro.getByTestId('intro-answerer')).toContainText('offline responder');
  for (const ability of ['time', 'date', 'sums', 'repeats what you said'])
    await expect(intro).toContainText(ability);
  const use = intro.getByTestId('intro-use-detected');
  await expect(use).toHaveText('Use Ollama llama3.2');
  await expect(intro.getByTestId('intro-connect-model')).toBeVisible();
  await checkAccessibility(page, 'first screen');

  const chatsBefore = fake.received('chat').length;
  await use.click();
  // Tested (a real request to the model), then saved: the relay's chain now starts with it.
  await expect(intro.getByTestId('intro-status')).toHaveText(
    'Ollama llama3.2 answers from now on.',
  );
  expect(fake.received('chat').length).toBeGreaterThan(chatsBefore);
  expect(requests).toContain('POST /api/admin/settings/test');
  expect(requests).toContain('PUT /api/admin/settings');
  await expect(intro.getByTestId('intro-answerer')).toContainText('Answers come from');
  await expect(intro.getByTestId('intro-answerer')).not.toContainText('offline responder');
  await expect(intro.getByTestId('intro-use-detected')).toHaveCount(0);

  // The first question is the model's to answer.
  await page.getByTestId('text-input').fill('hello there');
  await page.getByTestId('text-send').click();
  await expect(page.getByTestId('assistant-utterance').last()).toHaveText(REPLY);
  await expect(intro).toHaveCount(0);
});

test('with no local server found, “Connect a model” opens Settings at the assistant’s providers', async ({
  page,
}) => {
  // Nothing listens there: nothing is found.
  await startRelay('ollama=http://127.0.0.1:9/v1');
  await page.goto(relay.url);
  const intro = page.getByTestId('assistant-intro');
  await expect(intro.getByTestId('intro-answerer')).toContainText('offline responder');
  await expect(intro.getByText('Looking for a model server')).toHaveCount(0);
  await expect(intro.getByTestId('intro-use-detected')).toHaveCount(0);
  await intro.getByTestId('intro-connect-model').click();
  await expect(page.getByTestId('settings-view')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Assistant' })).toBeFocused();
  await expect(page.getByTestId('detected-none')).toBeVisible();
});
