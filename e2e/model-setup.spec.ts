import { expect, test, type Locator, type Page } from './mic-test.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { checkAccessibility } from './axe-check.ts';
import { specPort } from './ports.ts';
import { E2eRelay, SHIPPED_RECOGNISER } from './relay-process.ts';

// A newcomer connects a model with "Add" — the model answers (not the offline responder: a
// model added goes ahead of it), the page stops asking for a model once one is
// connected (through a call, and after it), says which model failed when it cannot be reached,
// and the setup's controls do what they say. The model is a fake OpenAI-compatible server
// speaking the real protocol; what it received is what went over the wire.

test.use({ micFile: 'two-turns', serviceWorkers: 'block' });

const FAKE_REPLY = 'The fake model answers: Paris.';
const QUESTION = 'what is the capital of france';
/** What the offline responder says to a question it cannot answer. */
const OFFLINE_ANSWER = "I can't answer that yet; connect a model in Settings.";

let fake: FakeOpenAi;
let relay: E2eRelay | null = null;

test.beforeEach(async () => {
  // A server's list mixes chat models with speech and embedding ones, as OpenAI's and Groq's do.
  fake = await startFakeOpenAi({
    models: ['fake-model', 'text-embedding-3-small', 'tts-1', 'whisper-1'],
  });
  fake.reply = () => FAKE_REPLY;
});

test.afterEach(async () => {
  await relay?.kill();
  relay = null;
  await fake.close();
});

/**
 * A fresh relay (embedded providers), its page open. Nothing is detected unless `detect`: the
 * newcomer types the address.
 */
async function open(page: Page, detect = false) {
  const probes = detect ? `ollama=${fake.baseUrl}` : 'none';
  // Nothing is spoken here, and the recognisers' chain is edited: the shipped one, not pinned
  // by the environment (which would lock the chain).
  relay = new E2eRelay(specPort(31), {
    env: { LOCAL_SERVER_PROBES: probes, ...SHIPPED_RECOGNISER },
  });
  await relay.start();
  await page.goto(relay.url);
}

async function type(page: Page, text: string) {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-send').click();
}

/** Settings open, "Add a … provider" pressed, made an OpenAI-compatible server: its entry. */
async function addServer(page: Page, stage: 'llm' | 'asr' = 'llm'): Promise<Locator> {
  if ((await page.getByTestId('settings-view').count()) === 0)
    await page.getByTestId('settings-button').click();
  const chain = page.getByTestId(`stage-${stage}`);
  await chain.getByTestId('provider-add').click();
  // A new entry goes after the real ones (Moonshine, for recognition), ahead of the embedded
  // last resort: the last that is not the embedded one.
  const added = chain.locator('[data-testid="provider-entry"]:not([data-kind="embedded"])').last();
  await added.getByTestId('provider-kind').selectOption('openai-compatible');
  return added;
}

/** The address typed and left (as a person tabs or clicks on): the models load. */
async function typeAddress(entry: Locator, address: string) {
  await entry.getByTestId('provider-base-url').fill(address);
  await entry.getByTestId('provider-base-url').blur();
}

/**
 * A fresh relay's page, a server added at the fake's address, `fake-model` chosen and Test
 * passed: the entry and Test's result.
 */
async function addTestedModel(page: Page): Promise<{ added: Locator; result: Locator }> {
  await open(page);
  const added = await addServer(page);
  await typeAddress(added, fake.baseUrl);
  const model = added.getByTestId('provider-model');
  await expect(model.locator('option', { hasText: 'fake-model' })).toHaveCount(1);
  await model.selectOption('fake-model');
  await added.getByTestId('provider-test').click();
  const result = added.getByTestId('provider-test-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  return { added, result };
}

/** Settings saved (said so) and closed. */
async function saveAndClose(page: Page) {
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toHaveText(/^Saved\./);
  await page.getByRole('button', { name: 'Close settings' }).click();
}

test('a model added with "Add" answers the next question, ahead of the offline responder, its place said in words', async ({
  page,
}) => {
  await addTestedModel(page);
  await saveAndClose(page);

  const chats = fake.chatBodies().length;
  await type(page, QUESTION);
  // The model answers, not the offline responder (which did on main: the model was behind it).
  await expect(page.getByTestId('assistant-utterance').last()).toHaveText(FAKE_REPLY);
  const asked = fake.chatBodies().slice(chats);
  expect(asked.map((b) => b.messages.at(-1)?.content)).toContain(QUESTION);
  expect(asked.every((b) => b.model === 'fake-model')).toBe(true);

  // The chain says its order in words; the offline responder cannot be moved ahead of the model.
  await page.getByTestId('settings-button').click();
  const entries = page.getByTestId('stage-llm').getByTestId('provider-entry');
  await expect(entries.getByTestId('provider-order')).toHaveText([
    'Answers first',
    'Last resort: works offline, if those above fail',
  ]);
  await expect(entries.nth(1).getByTestId('provider-move-up')).toBeDisabled();
  await expect(entries.nth(0).getByTestId('provider-move-down')).toBeDisabled();
  await checkAccessibility(page, 'settings, a model connected');
});

test('the page follows the relay: no "connect a model" once a model is saved, through a call and after it', async ({
  page,
}) => {
  await open(page, true);
  await type(page, QUESTION);
  await expect(page.getByTestId('assistant-utterance').last()).toHaveText(OFFLINE_ANSWER);
  await expect(page.getByTestId('llm-notice')).toBeVisible();

  // The local server found, one click makes it the first language model (as on main).
  await page.getByTestId('connect-model-link').click();
  await page.getByRole('button', { name: 'Use Ollama fake-model' }).click();
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  // The typed conversation's session was told (providers.changed).
  await expect(page.getByTestId('llm-notice')).toHaveCount(0);
  await page.getByRole('button', { name: 'Close settings' }).click();

  // A call takes the typed conversation over: its `ready` is from before the save (on main the
  // banner came back here, and stayed).
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('assistant-utterance').nth(1)).toHaveText(FAKE_REPLY, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('llm-notice')).toHaveCount(0);
  await page.getByTestId('end-call-button').click();
  await expect(page.getByTestId('talk-button')).toBeVisible();
  await expect(page.getByTestId('llm-notice')).toHaveCount(0);
  await type(page, QUESTION);
  await expect(page.getByTestId('assistant-utterance').last()).toHaveText(FAKE_REPLY);
  await expect(page.getByTestId('llm-notice')).toHaveCount(0);
});

test('a saved model that cannot be reached is named, with what failed and who answered instead', async ({
  page,
}) => {
  await open(page, true);
  await page.getByTestId('settings-button').click();
  await page.getByRole('button', { name: 'Use Ollama fake-model' }).click();
  await saveAndClose(page);
  await type(page, QUESTION);
  await expect(page.getByTestId('assistant-utterance').last()).toHaveText(FAKE_REPLY);

  // The model's server goes away: the offline responder answers, and the page says why.
  await fake.close();
  await type(page, 'and the capital of spain');
  await expect(page.getByTestId('assistant-utterance').last()).toHaveText(/can't answer that yet/);
  const fallback = page.getByTestId('llm-fallback-notice');
  await expect(fallback).toContainText(
    'Your model “fake-model (ollama)” could not be reached (nothing answers at its address): “Offline responder” answered instead.',
  );
  await expect(page.getByTestId('llm-notice')).toHaveCount(0);
  await checkAccessibility(page, 'a model that cannot be reached');
  await fallback.getByRole('button', { name: 'Check Settings' }).click();
  await expect(page.getByTestId('settings-view')).toBeVisible();
});

test('Test takes its first press after an address is typed: nothing moves under the pointer', async ({
  page,
}) => {
  // A server slow to list its models: leaving the address field starts loading them.
  fake.setFault('models', { kind: 'latency', ms: 1_500 });
  await open(page);
  const added = await addServer(page);
  await added.getByTestId('provider-base-url').fill(fake.baseUrl);
  const testButton = added.getByTestId('provider-test');
  // Where a person would press it: in view (Settings scroll with the page).
  await testButton.scrollIntoViewIfNeeded();
  const before = await testButton.boundingBox();
  if (!before) throw new Error('no Test button');
  await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
  await page.mouse.down();
  // Pressed: the field was left and the models are loading — the button has not moved.
  await expect(added.getByText('Loading models…')).toBeVisible();
  expect((await testButton.boundingBox())?.y).toBe(before.y);
  await page.mouse.up();
  const result = added.getByTestId('provider-test-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toHaveText(/^Works: .*answers with 1 model/);
});

test('a "Works" goes when the address it was about is changed', async ({ page }) => {
  const { added, result } = await addTestedModel(page);
  // Another address, where nothing answers: the "Works" was about the old one.
  await added.getByTestId('provider-base-url').fill('http://127.0.0.1:9/v1');
  await expect(result).toHaveText('');
  await expect(result).not.toHaveAttribute('data-ok');
});

test('a key typed is said to be not saved yet, not "No key set"', async ({ page }) => {
  await open(page);
  const added = await addServer(page);
  const state = added.getByTestId('provider-key-state');
  await expect(state).toHaveText('No key set.');
  await added.getByTestId('provider-key').fill('sk-typed-not-saved-0123');
  await expect(state).toHaveText('Key typed, not saved yet: Test uses it, Save keeps it.');
  await added.getByTestId('provider-key').fill('');
  await expect(state).toHaveText('No key set.');
});

test('a server offers no default model it has not: Save asks for one beside the field, in plain words', async ({
  page,
}) => {
  await open(page);
  const added = await addServer(page);
  // No list yet, and no default to fall back on (main offered "The provider’s default", and
  // Save was refused in words naming openai-compatible).
  const model = added.getByTestId('provider-model');
  await expect(model.locator('option')).toHaveText(['Choose a model (load the list)']);
  await added.getByTestId('provider-base-url').fill('http://127.0.0.1:9/v1');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-save-error')).toBeVisible();
  await expect(added.getByRole('alert')).toContainText([
    'Choose a model: this provider has no default one.',
  ]);
  await expect(page.getByTestId('settings-view')).not.toContainText('openai-compatible');
});

test('a language model is offered the chat models of a list, speech recognition its recognisers', async ({
  page,
}) => {
  await open(page);
  const added = await addServer(page);
  await typeAddress(added, fake.baseUrl);
  const model = added.getByTestId('provider-model');
  await expect(model.locator('option')).toHaveText(['Choose a model', 'fake-model']);
  await expect(model).toHaveValue('fake-model');
  const asr = await addServer(page, 'asr');
  await typeAddress(asr, fake.baseUrl);
  await expect(asr.getByTestId('provider-model').locator('option')).toHaveText([
    'Choose a model',
    'whisper-1',
  ]);
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
});

test('an address without /v1 is said to look wrong, with a one-click fix, by the model list and by Test', async ({
  page,
}) => {
  await open(page);
  const added = await addServer(page);
  await typeAddress(added, fake.url);
  const fixed = `${fake.url}/v1`;
  const looksWrong = `The address looks wrong: OpenAI-compatible servers usually end in /v1 — try ${fixed}`;
  await expect(added.getByRole('alert')).toHaveText(
    `The models could not be loaded: ${looksWrong}`,
  );
  await added.getByRole('button', { name: `Use ${fixed}` }).click();
  await expect(added.getByTestId('provider-base-url')).toHaveValue(fixed);
  await expect(added.getByTestId('provider-model')).toHaveValue('fake-model');
  await added.getByTestId('provider-test').click();
  const result = added.getByTestId('provider-test-result');
  await expect(result).toHaveAttribute('data-ok', 'true');

  // The model chosen, /v1 taken off again: Test says the address, not "Model … not found".
  await added.getByTestId('provider-base-url').fill(fake.url);
  await added.getByTestId('provider-test').click();
  await expect(result).toHaveText(`Failed: ${looksWrong} (404)`);
  await added.getByRole('button', { name: `Use ${fixed}` }).click();
  await added.getByTestId('provider-test').click();
  await expect(result).toHaveAttribute('data-ok', 'true');
});

test('an address typed without a scheme is completed to what the relay calls, not refused in JSON', async ({
  page,
}) => {
  await open(page);
  const added = await addServer(page);
  const port = new URL(fake.url).port;
  await typeAddress(added, `127.0.0.1:${port}`);
  await expect(added.getByTestId('provider-base-url')).toHaveValue(`http://127.0.0.1:${port}/v1`);
  await expect(added.getByTestId('provider-model')).toHaveValue('fake-model');
  await expect(page.getByTestId('settings-view')).not.toContainText('"code"');
  await expect(added.getByRole('alert')).toHaveCount(0);
});
