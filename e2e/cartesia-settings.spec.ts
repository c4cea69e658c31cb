import { expect, test } from './mic-test.ts';
import { played, recordPlayedBuffers } from './played-audio.ts';
import { startFakeCartesia, type FakeCartesia } from '../relay/test/fakes/cartesia-server.ts';
import { checkAccessibility } from './axe-check.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

// Issue 47, part 2: a vendor added in one folder and one line is offered by Settings as any
// other — here Cartesia's voices. Added, tested and saved in the settings UI, it speaks the
// voice samples and the replies: the relay calls a local server speaking Cartesia's protocol,
// where the environment's CARTESIA_BASE_URL says Cartesia is.

test.use({ micFile: 'two-turns', serviceWorkers: 'block' });

const KEY = 'sk_car_e2e-settings-key-0123456789';

/** The transcripts Cartesia was asked to say with the key, in order. */
const said = (fake: FakeCartesia) =>
  fake.requests
    .filter((r) => r.path === '/tts/bytes' && r.headers.authorization === `Bearer ${KEY}`)
    .map((r) => (JSON.parse(r.body.toString()) as { transcript: string }).transcript);

let fake: FakeCartesia;
let relay: E2eRelay;

test.beforeEach(async () => {
  fake = await startFakeCartesia({ apiKey: KEY });
  relay = new E2eRelay(specPort(65), {
    env: { LOCAL_SERVER_PROBES: 'none', CARTESIA_BASE_URL: fake.url },
  });
  await relay.start();
});

test.afterEach(async () => {
  await relay.kill();
  await fake.close();
});

test('Cartesia is added in Settings, tested and saved, then speaks the voice samples and the replies', async ({
  page,
}) => {
  await recordPlayedBuffers(page);
  await page.goto(relay.url);
  await page.getByTestId('settings-button').click();
  const tts = page.getByTestId('stage-tts');
  await tts.getByTestId('provider-add').click();
  const entry = tts.locator('[data-testid="provider-entry"]:not([data-kind="embedded"])');
  const kinds = entry.getByTestId('provider-kind').locator('option');
  await expect(kinds).toContainText(['Cartesia']);
  await entry.getByTestId('provider-kind').selectOption('cartesia');
  // A hosted voice: its key and its models, no address to give.
  await expect(entry.getByTestId('provider-base-url')).toHaveCount(0);
  await expect(entry.getByTestId('provider-model')).toHaveValue('');
  await expect(entry.getByTestId('provider-model').locator('option').first()).toHaveText(
    'The provider’s default (sonic-3)',
  );

  // A wrong key: Cartesia's 401, in plain words.
  await entry.getByTestId('provider-key').fill('sk_car_wrong-key-0000');
  await entry.getByTestId('provider-test').click();
  const result = entry.getByTestId('provider-test-result');
  await expect(result).toHaveAttribute('data-ok', 'false');
  await expect(result).toHaveText(/^Failed: The key was refused \(401\)/);

  await entry.getByTestId('provider-key').fill(KEY);
  await entry.getByTestId('provider-test').click();
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toHaveText(/^Works: [\d,]+ ms — Cartesia sonic-3 said "Hello\."/);
  expect(said(fake)).toEqual(['Hello.']);
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toHaveText(/^Saved\./);
  await checkAccessibility(page, 'settings, Cartesia saved');

  // The user's voice is chosen among Cartesia's, and its sample is said by Cartesia.
  await page.reload();
  await page.getByTestId('settings-button').click();
  const voice = page.getByTestId('pref-voice');
  await expect(voice.locator('option')).toContainText(['Sarah (en)', 'Barbershop Man (en)']);
  await voice.selectOption({ label: 'Barbershop Man (en)' });
  const samples = said(fake).length;
  await page.getByTestId('voice-preview').click();
  await expect.poll(() => played(page)).toHaveLength(1);
  const [sample] = await played(page);
  expect(sample?.loud).toBeGreaterThan(1000);
  expect(said(fake).length).toBe(samples + 1);
  const previewed = fake.requests.at(-1);
  expect(JSON.parse(previewed?.body.toString() ?? '{}')).toMatchObject({
    voice: { id: 'a0e99841-438c-4a64-b679-ae501e7d6091' },
  });

  // A spoken question: the reply is said by Cartesia, and played.
  await page.getByRole('button', { name: 'Close settings' }).click();
  const before = said(fake).length;
  await page.getByTestId('talk-button').click();
  const replies = page.getByTestId('assistant-utterance');
  await expect(replies.first()).not.toHaveText('', { timeout: 60_000 });
  await expect.poll(() => said(fake).length, { timeout: 30_000 }).toBeGreaterThan(before);
  // Every sentence Cartesia was asked to say is one of the replies the page shows.
  await expect
    .poll(async () => {
      const shown = (await replies.allTextContents()).join(' ');
      return said(fake)
        .slice(before)
        .filter((sentence) => !shown.includes(sentence));
    })
    .toEqual([]);
  await expect.poll(async () => (await played(page)).length).toBeGreaterThan(1);
  await page.getByTestId('end-call-button').click();
});
