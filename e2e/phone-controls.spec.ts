import { expect, test, type Page } from './mic-test.ts';

// Issue 45: the app on a 360 × 740 phone. Every control a finger can reach is at least 44 × 44
// px (WCAG's target size; the checkbox counts by its label, which toggles it), on the main
// screen, in a call and in Settings; the header keeps one row; the type box's hint shows whole;
// Settings get the screen, and their Save buttons are never under the footer.

test.use({ micFile: 'quiet', viewport: { width: 360, height: 740 } });

/** The smallest a target may be (px). */
const TARGET_PX = 44;

/** Every visible control narrower or shorter than 44 px: its name and size. */
function smallControls(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const found: string[] = [];
    const controls = Array.from(
      document.querySelectorAll<HTMLElement>(
        'button, input, select, textarea, a[href], summary, [role="button"]',
      ),
    );
    for (const el of controls) {
      // A checkbox or a radio is tapped by its label.
      const target =
        el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')
          ? (el.closest('label') ?? el)
          : el;
      const box = target.getBoundingClientRect();
      const style = getComputedStyle(target);
      // Not shown, or shown to screen readers only (1 px, clipped).
      if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden') continue;
      if (box.width >= min && box.height >= min) continue;
      const name =
        el.getAttribute('aria-label') ??
        el.dataset.testid ??
        (target.textContent.trim() || el.getAttribute('placeholder') || el.tagName);
      found.push(`${name}: ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return found;
  }, TARGET_PX);
}

/**
 * The header: its buttons' rows (each one's middle inside the others), and its height (px). One
 * row of 44 px buttons, the app's name and the connection beside them, no taller than that.
 */
function header(page: Page): Promise<{ buttonRows: number; heightPx: number }> {
  return page.evaluate(() => {
    const el = document.querySelector('.app-header');
    const rows: number[] = [];
    for (const button of Array.from(el?.querySelectorAll('button') ?? [])) {
      const b = button.getBoundingClientRect();
      if (b.width <= 1 || b.height <= 1) continue;
      const middle = b.top + b.height / 2;
      if (!rows.some((r) => Math.abs(r - middle) < b.height / 2)) rows.push(middle);
    }
    return { buttonRows: rows.length, heightPx: el?.getBoundingClientRect().height ?? 0 };
  });
}

/** The type box's hint, in its font, against the room the field gives it (px). */
function placeholderFit(page: Page): Promise<{ text: string; textPx: number; roomPx: number }> {
  return page.getByTestId('text-input').evaluate((input: HTMLInputElement) => {
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d');
    if (!context) throw new Error('no canvas');
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return {
      text: input.placeholder,
      textPx: Math.ceil(context.measureText(input.placeholder).width),
      roomPx: Math.floor(room),
    };
  });
}

async function expectFits(page: Page, where: string): Promise<void> {
  expect(await smallControls(page), `controls under 44 px, ${where}`).toEqual([]);
  const { buttonRows, heightPx } = await header(page);
  expect(buttonRows, `the header's rows of buttons, ${where}`).toBe(1);
  expect(heightPx, `the header's height, ${where}`).toBeLessThanOrEqual(TARGET_PX + 2 * 12);
}

test('a 360 px phone: every control at least 44 px, the header on one row, the hint whole', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('talk-button')).toBeVisible();
  await expectFits(page, 'on the main screen');
  const idle = await placeholderFit(page);
  expect(idle.textPx, `"${idle.text}" in ${idle.roomPx} px`).toBeLessThanOrEqual(idle.roomPx);

  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('end-call-button')).toBeVisible();
  await page.getByTestId('devices-button').click();
  await expect(page.getByTestId('mic-select')).toBeVisible();
  await expectFits(page, 'in a call');
  const inCall = await placeholderFit(page);
  expect(inCall.textPx, `"${inCall.text}" in ${inCall.roomPx} px`).toBeLessThanOrEqual(
    inCall.roomPx,
  );
  // The offline responder's notice and its way to Settings.
  await expect(page.getByTestId('connect-model-link')).toBeVisible();
  await page.getByTestId('end-call-button').click();
  await expect(page.getByTestId('talk-button')).toHaveAttribute('data-state', 'idle');
});

test('Settings at 360 px: the screen is theirs, every control at least 44 px, Save never under the footer', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('stage-llm')).toBeVisible();
  await expect(page.getByTestId('pref-save')).toBeVisible();
  await expectFits(page, 'in Settings');
  const main = await page.locator('.app-main').boundingBox();
  // Most of the screen: not a strip between the notices and the talk controls.
  expect(main?.height, 'the height Settings get').toBeGreaterThanOrEqual(740 * 0.6);
  await expectSaveClear(page);

  // In a call, the footer keeps the call's own controls (mute, talk, end), and Save stays clear.
  await page.getByRole('button', { name: 'Close settings' }).click();
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('end-call-button')).toBeVisible();
  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('pref-save')).toBeVisible();
  await expect(page.getByTestId('end-call-button')).toBeVisible();
  await expect(page.getByTestId('text-input')).toBeHidden();
  await expectFits(page, 'in Settings, in a call');
  await expectSaveClear(page);
});

/** Each Save button of Settings scrolled to: on the screen, above the footer, tappable. */
async function expectSaveClear(page: Page): Promise<void> {
  for (const save of ['settings-save', 'pref-save']) {
    const button = page.getByTestId(save);
    await button.scrollIntoViewIfNeeded();
    const box = await button.boundingBox();
    const footer = await page.locator('.app-footer').boundingBox();
    expect(box, save).not.toBeNull();
    if (!box) continue;
    expect(box.y + box.height, `${save} within the screen`).toBeLessThanOrEqual(740);
    if (footer && footer.height > 0)
      expect(box.y + box.height, `${save} above the footer`).toBeLessThanOrEqual(footer.y);
    // And a tap lands on it, not on something over it.
    await button.click({ trial: true });
  }
}
