import { expect, test, type Page } from './mic-test.ts';
import { checkAccessibility } from './axe-check.ts';

// Issue 65, item 7: in a call with Devices open, a conversation long enough to scroll is reached
// and scrolled from the keyboard (axe: scrollable-region-focusable), at a desktop's size and a
// phone's.

test.use({ micFile: 'quiet', serviceWorkers: 'block' });

/** The scrolling conversation: how far it is scrolled, and whether it has more than it shows. */
const scroll = (page: Page) =>
  page.locator('.app-main').evaluate((el) => ({
    top: el.scrollTop,
    overflows: el.scrollHeight > el.clientHeight + 1,
  }));

for (const size of [
  { name: 'desktop', width: 1280, height: 720 },
  { name: 'phone', width: 360, height: 740 },
])
  test(`a conversation that scrolls is reached and scrolled from the keyboard, Devices open (${size.name})`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto('/');
    await page.getByTestId('talk-button').click();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    await page.getByTestId('devices-button').click();
    await expect(page.getByTestId('mic-select')).toBeVisible();
    // Turns until the conversation has more than it shows.
    for (let n = 1; n <= 12 && !(await scroll(page)).overflows; n++) {
      await page.getByTestId('text-input').fill(`what is ${n} plus ${n}`);
      await page.getByTestId('text-send').click();
      const reply = page.getByTestId('assistant-utterance').nth(n - 1);
      await expect(reply).toHaveText(`${n} plus ${n} is ${2 * n}.`);
      // Said to its end before the next question (which would cut it short).
      await expect(reply).toHaveAttribute('data-status', 'completed');
    }
    expect((await scroll(page)).overflows, 'the conversation scrolls').toBe(true);
    await checkAccessibility(page, `a call with a scrolling conversation, Devices open`);

    // Tab reaches it (its focus shown), and the keys scroll it.
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const conversation = page.getByRole('main');
    for (
      let i = 0;
      i < 40 && !(await conversation.evaluate((el) => el === document.activeElement));
      i++
    )
      await page.keyboard.press('Tab');
    await expect(conversation).toBeFocused();
    expect(
      await conversation.evaluate((el) => parseFloat(getComputedStyle(el).outlineWidth)),
    ).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => (await scroll(page)).top).toBeGreaterThan(0);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await scroll(page)).top).toBe(0);
    await page.keyboard.press('End');
    await expect.poll(async () => (await scroll(page)).top).toBeGreaterThan(0);
  });
