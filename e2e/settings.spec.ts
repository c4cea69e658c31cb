import { expect, test, type Page } from './mic-test.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { checkAccessibility } from './axe-check.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

// Issue 24: from the Offline banner to a real assistant, as a user does it — Settings finds a
// local OpenAI-compatible server (a fake speaking the real protocol, on the port the relay's
// detection is pointed at), tests it, saves, and the next spoken question is answered by it
// with the user's persona. A key typed in goes to the relay and never comes back.

test.use({ micFile: 'two-turns', serviceWorkers: 'block' });

const PERSONA = 'Answer like a ship’s captain, in one sentence.';
const FAKE_REPLY = 'Aye, the fake model hears you loud and clear.';

async function type(page: Page, text: string) {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-send').click();
}

/** Every body the page received from the relay, HTTP and WebSocket, to search for a secret. */
function recordReceived(page: Page): Promise<string>[] {
  const bodies: Promise<string>[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) bodies.push(r.text().catch(() => ''));
  });
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string') bodies.push(Promise.resolve(payload));
    });
  });
  return bodies;
}

let fake: FakeOpenAi;
let relay: E2eRelay;

test.beforeEach(async () => {
  fake = await startFakeOpenAi();
  fake.reply = () => FAKE_REPLY;
  relay = new E2eRelay(specPort(5), {
    env: { LOCAL_SERVER_PROBES: `ollama=${fake.baseUrl}` },
  });
  await relay.start();
});

test.afterEach(async () => {
  await relay.kill();
  await fake.close();
});

test('the Offline banner leads to a detected local server: Use, Test, Save, and the next spoken question is answered by it', async ({
  page,
}) => {
  await page.goto(relay.url);
  // The offline responder answers first, and says how to get real answers.
  await type(page, 'what is the capital of france');
  await expect(page.getByTestId('assistant-utterance').last()).not.toHaveText('');
  await page.getByTestId('connect-model-link').click();

  const view = page.getByTestId('settings-view');
  await expect(view).toBeVisible();
  await expect(view.getByRole('heading', { name: 'Assistant' })).toBeFocused();
  await checkAccessibility(page, 'settings view');

  // Detected on open; one click makes it the first language model, the offline one behind it.
  const server = page.getByTestId('detected-server');
  await expect(server).toHaveAttribute('data-server', 'ollama');
  await server.getByRole('button', { name: 'Use Ollama fake-model' }).click();
  const llm = page.getByTestId('stage-llm');
  const first = llm.getByTestId('provider-entry').first();
  await expect(first.getByTestId('provider-kind')).toHaveValue('openai-compatible');
  await expect(first.getByTestId('provider-base-url')).toHaveValue(fake.baseUrl);
  await expect(first.getByTestId('provider-model')).toHaveValue('fake-model');
  await expect(llm.getByTestId('provider-entry').nth(1).getByTestId('provider-kind')).toHaveValue(
    'embedded',
  );

  // Test sends a real minimal completion to the server and shows its latency.
  const chatsBefore = fake.chatBodies().length;
  await first.getByTestId('provider-test').click();
  const result = first.getByTestId('provider-test-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toHaveText(/^Works: [\d,]+ ms/);
  expect(fake.chatBodies().length).toBeGreaterThan(chatsBefore);
  expect(fake.chatBodies().at(-1)?.model).toBe('fake-model');

  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toHaveText(/^Saved\. New turns use/);
  // The session open since the typed question is told: no more "offline responder" notice.
  await expect(page.getByTestId('llm-notice')).toHaveCount(0);
  if (process.env.UPDATE_SCREENSHOTS && test.info().project.name === 'desktop') {
    await page.setViewportSize({ width: 720, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await llm.scrollIntoViewIfNeeded();
    await llm.screenshot({ path: 'docs/settings.png' });
    await page.emulateMedia({ colorScheme: 'light' });
  }

  // The user's own persona, from the next turn.
  await page.getByTestId('pref-persona').selectOption('custom');
  await page.getByTestId('pref-custom-persona').fill(PERSONA);
  await page.getByTestId('pref-save').click();
  await expect(page.getByTestId('pref-saved')).toContainText('next turn');
  await checkAccessibility(page, 'settings view, saved');

  // Closed, focus goes back to the Settings button; then a spoken question.
  await page.getByRole('button', { name: 'Close settings' }).click();
  await expect(page.getByTestId('settings-view')).toHaveCount(0);
  const chatsBeforeCall = fake.chatBodies().length;
  await page.getByTestId('talk-button').click();
  // The typed question, then the spoken one (whatever the recogniser made of it).
  const spoken = page.getByTestId('user-utterance').nth(1);
  await expect(spoken).not.toHaveText('', { timeout: 30_000 });
  await expect(page.getByTestId('assistant-utterance').nth(1)).toHaveText(FAKE_REPLY, {
    timeout: 60_000,
  });
  // The model was asked what the user sees they said. (An answer held at a pause may have been
  // started on a first hearing of the words, and again on the decoder's closed segment.)
  const said = await spoken.textContent();
  const request = fake
    .chatBodies()
    .slice(chatsBeforeCall)
    .find((r) => r.messages.at(-1)?.content === said);
  expect(request?.model).toBe('fake-model');
  const system = request?.messages.filter((m) => m.role === 'system').map((m) => m.content);
  expect(system?.join('\n')).toContain(PERSONA);
  await page.getByTestId('end-call-button').click();
});

test('a key is tested, saved and shown only masked: a wrong one gets the provider’s 401 in plain words, and no answer carries the key', async ({
  page,
}) => {
  const KEY = 'sk-e2e-settings-key-0123456789wxyz';
  const keyed = await startFakeOpenAi({ apiKey: KEY });
  try {
    const received = recordReceived(page);
    await page.goto(relay.url);
    await page.getByTestId('settings-button').click();
    const llm = page.getByTestId('stage-llm');
    await expect(llm).toBeVisible();
    await llm.getByTestId('provider-add').click();
    // Added ahead of the offline responder, which stays the last resort.
    const entry = llm.getByTestId('provider-entry').first();
    await expect(llm.getByTestId('provider-entry').last()).toHaveAttribute('data-kind', 'embedded');
    await entry.getByTestId('provider-kind').selectOption('openai-compatible');
    await entry.getByTestId('provider-base-url').fill(keyed.baseUrl);

    // A wrong key: the server's 401, in plain words.
    await entry.getByTestId('provider-key').fill('sk-wrong-key-0000');
    await entry.getByTestId('provider-test').click();
    const result = entry.getByTestId('provider-test-result');
    await expect(result).toHaveAttribute('data-ok', 'false');
    await expect(result).toHaveText(/^Failed: .*401/);

    await entry.getByTestId('provider-key').fill(KEY);
    await entry.getByTestId('provider-load-models').click();
    await expect(entry.getByTestId('provider-model').locator('option')).toContainText([
      'fake-model',
    ]);
    await entry.getByTestId('provider-model').selectOption('fake-model');
    await entry.getByTestId('provider-test').click();
    await expect(result).toHaveAttribute('data-ok', 'true');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-saved')).toBeVisible();

    // After a reload the key is "set", its last four characters shown, the field empty.
    await page.reload();
    await page.getByTestId('settings-button').click();
    const saved = page.getByTestId('stage-llm').getByTestId('provider-entry').first();
    await expect(saved.getByTestId('provider-key-state')).toHaveText(/^Key set …wxyz\./);
    await expect(saved.getByTestId('provider-key')).toHaveValue('');

    const bodies = await Promise.all(received);
    expect(bodies.length).toBeGreaterThan(3);
    expect(bodies.filter((b) => b.includes(KEY))).toEqual([]);
    expect(bodies.filter((b) => b.includes(KEY.slice(0, 12)))).toEqual([]);
  } finally {
    await keyed.close();
  }
});
