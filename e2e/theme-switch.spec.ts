import { checkAccessibility } from './axe-check.ts';
import { expect, test, type Page } from './mic-test.ts';

// Issue 45: a light/dark switch in the app, beside following the system. What the user sees is
// the page's colours: its background, and the scheme the browser draws its own controls in.

test.use({ micFile: 'quiet', serviceWorkers: 'block' });

/** theme.css's `--bg`, as the browser computes it. */
const BACKGROUND = { dark: 'rgb(15, 23, 42)', light: 'rgb(248, 250, 252)' } as const;

/** The page's background and colour scheme (the root element's). */
function colours(page: Page): Promise<{ background: string; scheme: string }> {
  return page.evaluate(() => {
    const style = getComputedStyle(document.documentElement);
    return { background: style.backgroundColor, scheme: style.colorScheme };
  });
}

/** Every custom property of the root (theme.css's colours), by name. */
function palette(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const style = getComputedStyle(document.documentElement);
    const names = Array.from(style).filter((name) => name.startsWith('--'));
    return Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name).trim()]));
  });
}

async function choose(page: Page, label: string): Promise<void> {
  await page.getByTestId('theme-switch').getByLabel(label).check();
}

test('light, dark or the system: the page follows the switch, at once and after a reload', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await page.getByTestId('settings-button').click();
  const system = page.getByTestId('theme-switch').getByLabel('Like the system');
  await expect(system).toBeChecked();
  expect(await colours(page)).toEqual({ background: BACKGROUND.dark, scheme: 'dark' });
  const darkPalette = await palette(page);
  await page.emulateMedia({ colorScheme: 'light' });
  const lightPalette = await palette(page);
  expect(Object.keys(lightPalette).length).toBeGreaterThan(30);
  await page.emulateMedia({ colorScheme: 'dark' });

  // Light although the system says dark.
  await choose(page, 'Light');
  await expect.poll(() => colours(page)).toEqual({ background: BACKGROUND.light, scheme: 'light' });
  // Every colour the system's light theme has (theme.css chooses by the system or the choice).
  expect(await palette(page)).toEqual(lightPalette);
  await checkAccessibility(page, 'settings, light chosen');
  // checkAccessibility leaves the system light: the choice still holds over a dark system.
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await colours(page)).toEqual({ background: BACKGROUND.light, scheme: 'light' });

  // Remembered, and applied before the app's code runs: no flash of the system's dark theme.
  // The app's script is held back while the page is looked at.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/', { waitUntil: 'commit' });
  await expect
    .poll(() =>
      page.evaluate(() => ({
        app: document.getElementById('root')?.childElementCount ?? -1,
        background: getComputedStyle(document.documentElement).backgroundColor,
      })),
    )
    .toEqual({ app: 0, background: BACKGROUND.light });
  // (Later loads pass straight through.)
  release();
  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('theme-switch').getByLabel('Light')).toBeChecked();
  expect(await colours(page)).toEqual({ background: BACKGROUND.light, scheme: 'light' });

  // Dark although the system says light, also after a reload.
  await page.emulateMedia({ colorScheme: 'light' });
  await choose(page, 'Dark');
  await expect.poll(() => colours(page)).toEqual({ background: BACKGROUND.dark, scheme: 'dark' });
  expect(await palette(page)).toEqual(darkPalette);
  await checkAccessibility(page, 'settings, dark chosen');
  await page.reload();
  expect(await colours(page)).toEqual({ background: BACKGROUND.dark, scheme: 'dark' });

  // Back to the system's: it follows the system again, as it changes.
  await page.getByTestId('settings-button').click();
  await choose(page, 'Like the system');
  await expect.poll(() => colours(page)).toEqual({ background: BACKGROUND.light, scheme: 'light' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => colours(page)).toEqual({ background: BACKGROUND.dark, scheme: 'dark' });
  await page.reload();
  expect(await colours(page)).toEqual({ background: BACKGROUND.dark, scheme: 'dark' });
});
