import { expect, test, type Page } from './mic-test.ts';
import { ownHistoryItem } from './control-wire.ts';

// Issue 23: who speaks is said in the accessibility tree, the connection has words at every
// width, the keyboard reaches every control with its focus shown and is never trapped, and the
// debug panel never covers a control.

test.use({ micFile: 'quiet', serviceWorkers: 'block' });

const desktop = () => test.info().project.name === 'desktop';

async function callWithATurn(page: Page): Promise<void> {
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('text-input').fill('what is twelve times seven');
  await page.getByTestId('text-send').click();
  await expect(page.getByTestId('assistant-utterance').last()).toHaveText('12 times 7 is 84.');
}

test('every bubble says who speaks, in the transcript and in the history', async ({ page }) => {
  await page.goto('/');
  await callWithATurn(page);
  const transcript = page.getByRole('list', { name: 'Conversation' });
  // The offline responder's sum is a tool call of its own, listed in the reply (issue 48): in
  // people's words, the technical line its name (issue 65, item 3).
  await expect(transcript).toMatchAriaSnapshot(`
    - list "Conversation":
      - listitem: "You: what is twelve times seven"
      - listitem:
        - text: "Parley:"
        - list "Tools used":
          - listitem /calculate \\(expression:\\s"12 \\* 7"\\):\\sdone — 12 \\* 7 = 84 · \\d+ ms/: "Worked it out: 12 * 7 = 84"
        - text: 12 times 7 is 84.
  `);
  const own = await ownHistoryItem(page);
  await page.getByTestId('end-call-button').click();
  await page.getByTestId('history-button').click();
  await own.getByRole('button').click();
  await expect(page.getByTestId('history-detail').getByRole('list').first()).toMatchAriaSnapshot(`
    - list "Conversation":
      - listitem: "You: what is twelve times seven"
      - listitem:
        - text: "Parley:"
        - list "Tools used":
          - listitem /calculate \\(expression:\\s"12 \\* 7"\\):\\sdone — 12 \\* 7 = 84 · \\d+ ms/: "Worked it out: 12 * 7 = 84"
        - text: 12 times 7 is 84.
  `);
});

test('the connection is in words at 360 px, and its dot is not all there is', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  const status = page.getByTestId('connection-status');
  await expect(status.locator('.status-label')).toBeVisible();
  await expect(status).toHaveText('Ready');
  await page.getByTestId('talk-button').click();
  await expect(status.locator('.status-label')).toHaveText('Connected');
  await expect(status.locator('.status-label')).toBeVisible();
  // The History and Settings buttons keep their names where they show only their icons.
  await expect(page.getByRole('button', { name: 'History' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Settings' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
    true,
  );
});

/** The focused element, and whether its focus can be seen (an outline of 2 px or more on it or
 * on the label that stands for it, as for the input mode's invisible radios). */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const shows = (e: Element | null) => {
      if (!e) return false;
      const s = getComputedStyle(e);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    };
    const name =
      el.getAttribute('data-testid') ??
      el.getAttribute('aria-label') ??
      `${el.tagName.toLowerCase()}:${el.textContent.trim().slice(0, 30)}`;
    return { name, visible: shows(el) || shows(el.closest('label')) };
  });
}

/** Tabs through the page until focus comes back to where it started: every stop, in order. */
async function tabAround(page: Page): Promise<{ name: string; visible: boolean }[]> {
  const stops: { name: string; visible: boolean }[] = [];
  let first: string | null = null;
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f === null) continue; // past the last control: the page itself, then round again
    if (first === null) first = f.name;
    else if (f.name === first) return stops;
    stops.push(f);
  }
  throw new Error(`focus never came back to ${first}: trapped after ${JSON.stringify(stops)}`);
}

test('the keyboard reaches every control, shows its focus, and is never trapped in a panel', async ({
  page,
}) => {
  if (desktop()) await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await callWithATurn(page);
  await page.getByTestId('devices-button').click();
  await page.getByTestId('debug-button').click();
  await expect(page.getByTestId('debug-turns')).toBeVisible();
  await page.locator('body').click({ position: { x: 1, y: 1 } });

  const inCall = await tabAround(page);
  const names = inCall.map((s) => s.name);
  for (const control of [
    'debug-button',
    'history-button',
    'settings-button',
    'debug-export',
    'debug-turn-select',
    'Close the debug panel',
    'text-input',
    'mute-button',
    'talk-button',
    'end-call-button',
    'devices-button',
    'mic-select',
  ])
    expect(names, `${control} is reached by Tab`).toContain(control);
  expect(names.some((n) => n.startsWith('input:'))).toBe(true); // the input mode
  expect(inCall.filter((s) => !s.visible).map((s) => s.name)).toEqual([]);

  // Closed from the keyboard, the panel gives focus back to its button.
  await page.getByRole('button', { name: 'Close the debug panel' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('debug-panel')).toHaveCount(0);
  await expect(page.getByTestId('debug-button')).toBeFocused();

  // The history, its list and a conversation: the same.
  const own = await ownHistoryItem(page);
  await page.getByTestId('end-call-button').click();
  await page.getByTestId('history-button').click();
  await own.getByRole('button').click();
  await expect(page.getByTestId('history-detail')).toBeVisible();
  const history = await tabAround(page);
  for (const control of ['continue-conversation', 'export-markdown', 'Close history'])
    expect(
      history.map((s) => s.name),
      `${control} is reached by Tab`,
    ).toContain(control);
  expect(history.filter((s) => !s.visible).map((s) => s.name)).toEqual([]);
  await page.getByRole('button', { name: 'Close history' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('history')).toHaveCount(0);
  await expect(page.getByTestId('history-button')).toBeFocused();
});

// Issue 24: Settings, like the history, takes the conversation's place and gives focus back.
test('Settings opens from the keyboard at its heading and gives focus back when closed', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('settings-button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('settings-view')).toBeVisible();
  await expect(page.getByTestId('settings-button')).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeFocused();
  await page.getByRole('button', { name: 'Close settings' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('settings-view')).toHaveCount(0);
  await expect(page.getByTestId('settings-button')).toBeFocused();
});

test('each control names its key', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('debug-button')).toHaveAttribute(
    'aria-keyshortcuts',
    'Control+Shift+D',
  );
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('mute-button')).toHaveAttribute('aria-keyshortcuts', 'M');
  await page.getByTestId('input-mode').getByText('Push to talk').click();
  await expect(page.getByTestId('talk-button')).toHaveAttribute('aria-keyshortcuts', 'Space');
  if (desktop()) await expect(page.getByTestId('key-hints')).toContainText('hold Space to talk');
  else await expect(page.getByTestId('key-hints')).toBeHidden();
});

test('the debug panel never covers a control', async ({ page }) => {
  if (desktop()) await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await callWithATurn(page);
  await page.getByTestId('debug-button').click();
  await expect(page.getByTestId('debug-turns')).toBeVisible();
  const controls = [
    'debug-button',
    'history-button',
    'settings-button',
    'connection-status',
    'text-input',
    'text-send',
    'mute-button',
    'talk-button',
    'end-call-button',
    'devices-button',
    'input-mode',
  ];
  for (const id of controls) {
    const control = page.getByTestId(id);
    await control.scrollIntoViewIfNeeded();
    // What is at the control's centre is the control: nothing lies over it.
    const onTop = await control.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit !== null && el.contains(hit);
    });
    expect(onTop, `${id} is not covered`).toBe(true);
  }
  // And the panel itself is on screen, whole in width.
  const panel = await page.getByTestId('debug-panel').boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  expect(panel && panel.x >= 0 && panel.x + panel.width <= width).toBe(true);
});
