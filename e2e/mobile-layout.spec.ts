import { expect, test } from './mic-test.ts';

test.use({ micFile: 'quiet' });

/** Pages a phone user opens must fit 360 px without scrolling sideways. */
const noSideScroll = () => document.documentElement.scrollWidth <= window.innerWidth;

test('fits a 360 px phone: one-thumb talk control, no horizontal scroll, debug panel usable', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/?debug=1');
  expect(await page.evaluate(noSideScroll)).toBe(true);
  const talk = await page.getByTestId('talk-button').boundingBox();
  expect(talk?.width).toBeGreaterThanOrEqual(64); // a comfortable thumb target
  expect(talk?.height).toBeGreaterThanOrEqual(64);
  const panel = await page.getByTestId('debug-panel').boundingBox();
  expect(panel?.width).toBeLessThanOrEqual(360);
  await page.getByRole('button', { name: 'Close the debug panel' }).click();
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('text-input').fill('what is twelve times seven');
  await page.getByTestId('text-send').click();
  await expect(page.getByTestId('assistant-utterance').last()).toHaveText('12 times 7 is 84.');
  expect(await page.evaluate(noSideScroll)).toBe(true);
  if (process.env.UPDATE_SCREENSHOTS && test.info().project.name === 'mobile') {
    // The reply's words final (a pending reply is dimmed).
    await expect(page.getByTestId('assistant-utterance').last()).toHaveAttribute(
      'data-final',
      'true',
    );
    // Pages are light unless told (Playwright's default): one screenshot in each scheme.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'docs/phone.png' });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: 'docs/phone-light.png' });
  }
});
