import { expect, test, type Locator, type Page } from './mic-test.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

// A key typed for a provider stays with it while its address is corrected (issue 65, item 5).
// The provider is a fake OpenAI-compatible server that refuses requests without its key, as a
// hosted service does; the mistyped address reaches another server on this machine, one that
// lists its models to anyone (so the entry can be saved there, as a newcomer does). What reached
// each server is what went over the wire.

test.use({ serviceWorkers: 'block' });

const KEY = 'sk-newcomer-typed-0123456789';

let provider: FakeOpenAi;
let other: FakeOpenAi;
let relay: E2eRelay | null = null;

test.beforeEach(async () => {
  provider = await startFakeOpenAi({ apiKey: KEY, models: ['fake-model'] });
  other = await startFakeOpenAi({ models: ['other-model'] });
});

test.afterEach(async () => {
  await relay?.kill();
  relay = null;
  await provider.close();
  await other.close();
});

/** The `Authorization` header of each request the provider received since `from`. */
const keysSent = (from: number) =>
  provider.requests.slice(from).map((r) => r.headers.authorization ?? '(none)');

/** A fresh relay's Settings: a server added, the key typed, a wrong address typed and saved. */
async function savedAtWrongAddress(page: Page): Promise<Locator> {
  relay = new E2eRelay(specPort(73), { env: { LOCAL_SERVER_PROBES: 'none' } });
  await relay.start();
  await page.goto(relay.url);
  await page.getByTestId('settings-button').click();
  const chain = page.getByTestId('stage-llm');
  await chain.getByTestId('provider-add').click();
  const added = chain.locator('[data-testid="provider-entry"]:not([data-kind="embedded"])');
  await added.getByTestId('provider-kind').selectOption('openai-compatible');
  await added.getByTestId('provider-key').fill(KEY);
  const address = added.getByTestId('provider-base-url');
  await address.fill(other.baseUrl);
  await address.blur();
  await expect(added.getByTestId('provider-model')).toHaveValue('other-model');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toHaveText(/^Saved\./);
  return added;
}

test('a key typed stays with its provider when the mistyped address is corrected after a save: Test sends it', async ({
  page,
}) => {
  const added = await savedAtWrongAddress(page);
  const state = added.getByTestId('provider-key-state');
  await expect(state).toHaveText(/^Key set …6789\. Leave empty to keep it\.$/);

  // The address corrected: the key goes with it (on main the relay kept the saved key behind,
  // the models could not be loaded and Test said "The key was refused (401)").
  const before = provider.requests.length;
  const address = added.getByTestId('provider-base-url');
  await address.fill(provider.baseUrl);
  await address.blur();
  // The model list asked of the provider, then Test: each request with the key.
  await expect.poll(() => keysSent(before)).toEqual([`Bearer ${KEY}`]);
  await added.getByTestId('provider-model').selectOption('fake-model');
  await added.getByTestId('provider-test').click();
  await expect(added.getByTestId('provider-test-result')).toHaveAttribute('data-ok', 'true');
  expect(keysSent(before)).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`]);
  await expect(state).toHaveText(
    'Key set …6789, typed here: Test uses it at this address, Save keeps it.',
  );

  // Saved at the corrected address, the key is the provider's: a question reaches it with it.
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toHaveText(/^Saved\./);
  await page.getByRole('button', { name: 'Close settings' }).click();
  const asked = provider.requests.length;
  await page.getByTestId('text-input').fill('what is the capital of france');
  await page.getByTestId('text-send').click();
  await expect(page.getByTestId('assistant-utterance').last()).not.toHaveText(/can't answer/);
  await expect.poll(() => keysSent(asked).length).toBeGreaterThan(0);
  expect(keysSent(asked)).toEqual(keysSent(asked).map(() => `Bearer ${KEY}`));
});

test('a key saved in an earlier visit stays with its address, and the page says so', async ({
  page,
}) => {
  await savedAtWrongAddress(page);
  // Another visit: the page no longer holds the key the user typed.
  await page.reload();
  await page.getByTestId('settings-button').click();
  const added = page
    .getByTestId('stage-llm')
    .locator('[data-testid="provider-entry"]:not([data-kind="embedded"])');
  const before = provider.requests.length;
  const address = added.getByTestId('provider-base-url');
  await address.fill(provider.baseUrl);
  await address.blur();
  // Never silently keyless (on main: "Key set …6789. Leave empty to keep it.").
  await expect(added.getByTestId('provider-key-state')).toHaveText(
    `The saved key …6789 stays with ${other.baseUrl}: type it again to use it at this address.`,
  );
  await expect(added.getByTestId('provider-key')).toHaveAttribute('placeholder', '');
  await expect.poll(() => keysSent(before).length).toBeGreaterThan(0);
  expect(keysSent(before).every((k) => k === '(none)')).toBe(true);

  await added.getByTestId('provider-key').fill(KEY);
  await added.getByTestId('provider-load-models').click();
  await expect(
    added.getByTestId('provider-model').locator('option', { hasText: 'fake-model' }),
  ).toHaveCount(1);
});
