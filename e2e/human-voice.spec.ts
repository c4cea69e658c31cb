import { expect, test } from './mic-test.ts';
import { ownHistoryItem } from './control-wire.ts';
import { specPort } from './ports.ts';
import { E2eRelay, SHIPPED_RECOGNISER } from './relay-process.ts';

// Issue 61: a human voice — a recording of Debian's pocketsphinx-testdata, not Flite — spoken
// into the page through the fake microphone, to a relay with the shipped default recogniser
// (Moonshine writes, PocketSphinx listens). PocketSphinx alone writes this LibriVox sentence
// "he might even have been made the amiable himself"; the default writes what was said.
// (scripts/setup-system.sh --for-tests installs the recordings; without them global-setup
// writes no file and this spec fails saying so.)

test.use({ micFile: 'human-amiable', serviceWorkers: 'block' });

let relay: E2eRelay;

test.beforeEach(async () => {
  // Recognition itself is what this checks: the default, not the pinned PocketSphinx.
  relay = new E2eRelay(specPort(76), {
    env: { ...SHIPPED_RECOGNISER, LOCAL_SERVER_PROBES: 'none' },
  });
  await relay.start();
});

test.afterEach(async () => {
  await relay.kill();
});

test('a human voice is written as it was said by the default recogniser', async ({ page }) => {
  const health = (await (await fetch(`${relay.url}/health`)).json()) as {
    providers: { asr: string };
  };
  expect(health.providers.asr, 'the shipped default writes with Moonshine').toBe('moonshine');
  await page.goto(relay.url);
  await page.getByTestId('talk-button').click();
  const user = page.getByTestId('user-utterance');
  // The words are checked, not Moonshine's casing and punctuation.
  await expect(user).toHaveCount(1, { timeout: 60_000 });
  await expect
    .poll(async () => words(await user.textContent()), { timeout: 30_000 })
    .toBe('he might even have been made amiable himself');
  await expect(page.getByTestId('assistant-utterance').nth(0)).toHaveAttribute(
    'data-final',
    'true',
  );
  // What the relay keeps of the turn is the same words.
  const item = await ownHistoryItem(page);
  await page.getByTestId('end-call-button').click();
  await page.getByTestId('history-button').click();
  await expect(item).toContainText(/he might even have been made amiable himself/i);
});

/** Lower case, punctuation dropped, one space between words. */
function words(text: string | null): string {
  return (text ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}
