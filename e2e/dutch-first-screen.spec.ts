import { expect, test, type Locator, type Page } from './mic-test.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

// The newcomer walk of 2026-11-28: on the Dutch first screen at 1280×860, the notice that spoken
// Dutch needs a recogniser (shown on Talk) pushed the hint under it half out of view. The hint,
// what to type instead, is what the notice sends the user to: whole in view, on a desktop and on
// a phone, without scrolling.

test.use({ locale: 'nl-NL', micFile: 'quiet', serviceWorkers: 'block' });

let relay: E2eRelay;

test.beforeEach(async () => {
  relay = new E2eRelay(specPort(98));
  await relay.start();
});

test.afterEach(async () => {
  await relay.kill();
});

/** Whether `inner`'s box lies whole within `outer`'s (CSS px), with a pixel for rounding. */
function within(
  inner: { x: number; y: number; width: number; height: number },
  outer: { x: number; y: number; width: number; height: number },
): boolean {
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  );
}

/** `hint`'s box, the viewport's and the conversation area's (which scrolls and clips). */
async function boxes(page: Page, hint: Locator) {
  const size = page.viewportSize() ?? { width: 0, height: 0 };
  return {
    hint: await hint.boundingBox(),
    viewport: { x: 0, y: 0, ...size },
    main: await page.locator('main.app-main').boundingBox(),
  };
}

for (const { width, height, what } of [
  { width: 1280, height: 860, what: 'a desktop' },
  { width: 390, height: 844, what: 'a phone' },
]) {
  test(`the Dutch first screen on ${what} (${width}×${height}): with the notice about spoken Dutch, the hint is whole in view`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    await page.goto(relay.url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(page.getByTestId('assistant-intro')).toBeVisible();
    await page.getByTestId('talk-button').click();
    await expect(page.getByTestId('speech-language-notice')).toBeVisible();
    const hint = page.getByTestId('empty-hint');
    await expect(hint).toContainText('hoe laat is het');
    const seen = await boxes(page, hint);
    expect(seen.hint, 'the hint has a box').not.toBeNull();
    expect(seen.main, 'the conversation area has a box').not.toBeNull();
    if (!seen.hint || !seen.main) return;
    expect(within(seen.hint, seen.viewport), `the hint ${JSON.stringify(seen)}`).toBe(true);
    expect(within(seen.hint, seen.main), `the hint, unclipped ${JSON.stringify(seen)}`).toBe(true);
  });
}
