import { expect, test } from './mic-test.ts';
import { played, recordPlayedBuffers } from './played-audio.ts';

// Issue 45, item 8: the voice could be chosen only by name. Beside it now, "Play a sample": the
// relay's voice says a short sentence in the voice chosen (not yet saved), and the page plays it.

test.use({ serviceWorkers: 'block' });

test('a sample of each voice is played before it is saved, in the voice chosen', async ({
  page,
}) => {
  await recordPlayedBuffers(page);
  const asked: unknown[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/preferences/voice-preview')
      asked.push(r.postDataJSON());
  });
  await page.goto('/');
  await page.getByTestId('settings-button').click();
  const voice = page.getByTestId('pref-voice');
  await voice.selectOption('rms');
  const play = page.getByTestId('voice-preview');
  await expect(play).toHaveAccessibleName(/Play a sample of RMS/);
  await play.click();

  // The relay was asked for that voice, and the page played what came back.
  await expect.poll(() => played(page)).toHaveLength(1);
  expect(asked).toEqual([{ voice: 'rms', speakingRate: 1 }]);
  const [first] = await played(page);
  expect(first?.loud).toBeGreaterThan(10_000);
  await expect(play).toHaveText('Play a sample');

  // Another voice sounds otherwise.
  await voice.selectOption('awb');
  await play.click();
  await expect.poll(() => played(page)).toHaveLength(2);
  expect(asked.at(-1)).toEqual({ voice: 'awb', speakingRate: 1 });
  expect((await played(page))[1]?.samples).not.toBe(first?.samples);

  // A preview saves nothing: the voice saved is still the default.
  const saved = (await (await page.request.get('/api/preferences')).json()) as {
    preferences: { voice?: string };
  };
  expect(saved.preferences.voice).toBeUndefined();
});
