import { expect, test, type Page } from './mic-test.ts';
import { checkAccessibility } from './axe-check.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

const ADMIN = 'e2e-log-tail-admin-0123456789abcdef';

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/ops`);
  await page.getByTestId('ops-token').fill(ADMIN);
  await page.getByTestId('ops-sign-in').click();
}

test('the ops dashboard’s live log shows the relay’s lines as they are written, filtered and paused', async ({
  page,
}) => {
  // Its own relay, logging at info (the shared one logs at warn). The lines to see are the
  // relay's own about its log readers: each reader connecting is an info line.
  const relay = new E2eRelay(specPort(23), { logLevel: 'info', env: { ADMIN_TOKEN: ADMIN } });
  try {
    await relay.start();
    await signIn(page, relay.url);
    const tail = page.getByTestId('ops-log-tail');
    await expect(tail.getByRole('status')).toHaveText(/^Live/);
    const connected = tail.getByTestId('log-tail-lines').locator('li', {
      hasText: 'log tail reader connected',
    });
    // This page's own reader, through the relay's logger and back.
    await expect(connected).toHaveCount(1);
    await expect(connected).toHaveAttribute('data-level', 'info');
    await expect(connected).toContainText('relay:log-tail');
    await checkAccessibility(page, 'ops live log with lines');
    if (process.env.UPDATE_SCREENSHOTS && test.info().project.name === 'desktop') {
      await page.setViewportSize({ width: 1100, height: 900 });
      await page.emulateMedia({ colorScheme: 'dark' });
      await tail.screenshot({ path: 'docs/ops-log-tail.png' });
    }

    // Only warnings: the relay sends that filter's backlog, which has no info line.
    await tail.getByLabel('Minimum level').selectOption('warn');
    await tail.getByTestId('log-tail-apply').click();
    await expect(connected).toHaveCount(0);
    await tail.getByLabel('Minimum level').selectOption('info');
    await tail.getByTestId('log-tail-apply').click();
    await expect(connected).toHaveCount(1);

    // Paused, the list stays still while new lines are counted; they show on resume.
    const pause = tail.getByTestId('log-tail-pause');
    await pause.click();
    await expect(pause).toHaveAttribute('aria-pressed', 'true');
    const other = await page.context().newPage();
    await signIn(other, relay.url);
    await expect(pause).toHaveText(/^Resume \(\d+ new lines?\)$/);
    await expect(connected).toHaveCount(1);
    await pause.click();
    await expect(connected).toHaveCount(2);

    await tail.getByTestId('log-tail-clear').click();
    await expect(connected).toHaveCount(0);
  } finally {
    await relay.kill();
  }
});
