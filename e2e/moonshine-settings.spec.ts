import { expect, test } from './mic-test.ts';
import { checkAccessibility } from './axe-check.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

// Issue 52: Moonshine, the offline recogniser for human voices, is chosen in Settings like any
// provider — added to speech recognition, tested, saved — and from the next question on the
// words shown and answered are the ones it wrote (its casing and punctuation; PocketSphinx
// writes lower case), while PocketSphinx still listens for the end of the turn.

test.use({ micFile: 'two-turns', serviceWorkers: 'block' });

let relay: E2eRelay;

test.beforeEach(async () => {
  relay = new E2eRelay(specPort(72), { env: { LOCAL_SERVER_PROBES: 'none' } });
  await relay.start();
});

test.afterEach(async () => {
  await relay.kill();
});

test('Moonshine is added to speech recognition in Settings, tested, saved, and writes the words', async ({
  page,
}) => {
  await page.goto(relay.url);
  await page.getByTestId('settings-button').click();
  const asr = page.getByTestId('stage-asr');
  await asr.getByTestId('provider-add').click();
  const entry = asr.locator('[data-testid="provider-entry"]:not([data-kind="embedded"])');
  await expect(entry.getByTestId('provider-kind').locator('option')).toContainText([
    'Moonshine (offline, English)',
  ]);
  await entry.getByTestId('provider-kind').selectOption('moonshine');
  // Offline: no key, no address, no model to choose.
  await expect(entry.getByTestId('provider-key')).toHaveCount(0);
  await expect(entry.getByTestId('provider-base-url')).toHaveCount(0);
  await entry.getByTestId('provider-test').click();
  const result = entry.getByTestId('provider-test-result');
  await expect(result).toHaveAttribute('data-ok', 'true', { timeout: 30_000 });
  // (Its first test loads the model: a few seconds, once.)
  await expect(result).toHaveText(/^Works: [\d,]+ ms — Moonshine \(offline\) heard "Hello\W?"/);
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toHaveText(/^Saved\./);
  await checkAccessibility(page, 'settings, Moonshine saved');

  await page.getByRole('button', { name: 'Close settings' }).click();
  await page.getByTestId('talk-button').click();
  const users = page.getByTestId('user-utterance');
  const replies = page.getByTestId('assistant-utterance');
  await expect(users.nth(0)).toHaveText('What time is it?', { timeout: 60_000 });
  await expect(replies.nth(0)).toHaveText(/^It's \d{1,2}:\d{2} [AP]M\.$/);
  await expect(users.nth(1)).toHaveText('What is five times six?');
  await expect(replies.nth(1)).toHaveText('5 times 6 is 30.');
  await page.getByTestId('end-call-button').click();
});
