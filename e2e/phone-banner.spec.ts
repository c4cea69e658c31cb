import { expect, test, type Page } from './mic-test.ts';
import { checkAccessibility } from './axe-check.ts';

// The offline responder's banner on a 360 × 740 phone (issue 65, item 1): a few words, said
// once the first screen (which says them at length) has made way for the conversation, never
// above Settings, dismissible, and dismissed for good in this browser (localStorage).

test.use({ micFile: 'quiet', serviceWorkers: 'block' });

/** The conversation's visible height (the scrolling main area) and the banner's, in CSS px. */
async function heights(page: Page): Promise<{ conversation: number; banner: number }> {
  const conversation = (await page.locator('.app-main').boundingBox())?.height ?? 0;
  const shown = (await page.getByTestId('llm-notice').count()) > 0;
  const banner = shown ? ((await page.getByTestId('llm-notice').boundingBox())?.height ?? 0) : 0;
  return { conversation, banner };
}

async function ask(page: Page, text: string, answer: string) {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-send').click();
  await expect(page.getByTestId('assistant-utterance').last()).toHaveText(answer);
}

test('on a phone the offline banner says a few words once, leaves the conversation the screen, and stays dismissed', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  // The first screen says what the offline responder is: the banner does not say it again.
  await expect(page.getByTestId('assistant-intro')).toBeVisible();
  await expect(page.getByTestId('llm-notice')).toHaveCount(0);

  // In a call, a reply shown: the banner, a line or two that covers nothing.
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await ask(page, 'what is twelve times seven', '12 times 7 is 84.');
  const banner = page.getByTestId('llm-notice');
  await expect(banner).toBeVisible();
  const shown = await heights(page);
  await test.info().attach('banner shown, light', {
    body: await page.screenshot(),
    contentType: 'image/png',
  });
  // The banner was 155 px here, leaving the conversation about 225 px.
  expect(shown.banner, 'the banner’s height').toBeLessThanOrEqual(64);
  expect(shown.conversation, 'the conversation’s visible height').toBeGreaterThanOrEqual(300);
  const bannerBox = await banner.boundingBox();
  const mainBox = await page.locator('.app-main').boundingBox();
  expect((bannerBox?.y ?? 0) + (bannerBox?.height ?? 0)).toBeLessThanOrEqual(mainBox?.y ?? 0);
  await checkAccessibility(page, 'phone, the offline banner in a call');

  // Never above Settings: they take the screen.
  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('settings-view')).toBeVisible();
  await expect(banner).toHaveCount(0);
  await page.getByRole('button', { name: 'Close settings' }).click();
  await expect(banner).toBeVisible();

  // Dismissed: the conversation takes its place.
  await page.getByRole('button', { name: 'Dismiss this notice' }).click();
  await expect(banner).toHaveCount(0);
  expect((await heights(page)).conversation).toBeGreaterThanOrEqual(
    shown.conversation + shown.banner,
  );
  await page.getByTestId('end-call-button').click();

  // Remembered: another visit, another conversation, no banner (light and dark).
  await page.reload();
  await ask(page, 'what is two plus two', '2 plus 2 is 4.');
  await expect(page.getByTestId('assistant-utterance')).toHaveCount(1);
  await expect(banner).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('parley.dismissedNotices'))).toContain(
    'Offline responder',
  );
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await test.info().attach(`banner dismissed, ${scheme}`, {
      body: await page.screenshot(),
      contentType: 'image/png',
    });
  }
});
