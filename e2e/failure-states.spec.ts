import { expect, test } from './mic-test.ts';
import { E2E_PORT } from '../playwright.config.ts';
import {
  bothTurnsStored,
  firstTurnAnswered,
  relayPort,
  secondSentenceBegun,
  secondTurnAnswered,
} from './lossless-checks.ts';
import { E2eRelay } from './relay-process.ts';

// Issue 23: when the relay fails, the page says so plainly and offers what helps.

test.use({ micFile: 'resume', serviceWorkers: 'block' });

test('the relay killed mid-call: the state says reconnecting, what is said is kept, and arrives after the restart', async ({
  page,
}) => {
  const relay = new E2eRelay(relayPort());
  await relay.start();
  try {
    await firstTurnAnswered(page, relay.url);
    await secondSentenceBegun(page);
    await relay.kill('SIGKILL');

    const state = page.getByTestId('call-state');
    await expect(state).toHaveAttribute('data-state', 'reconnecting');
    await expect(state).toContainText('Reconnecting…');
    await expect(page.getByTestId('connection-status')).toHaveAttribute(
      'data-state',
      'reconnecting',
    );
    const notice = page.getByTestId('reconnect-notice');
    await expect(notice).toContainText('What you say is kept and will be sent when it is back');
    await expect(page.getByTestId('retry-now')).toBeVisible();
    // What the user said since is held for the relay (it is still being spoken, or just was).
    await expect(page.getByTestId('uplink-kept')).toContainText(/\d+ sec kept, up to 30 sec/);
    await expect(page.getByTestId('text-input')).toBeEnabled();

    // Tried at once (nothing answers yet); the connection keeps trying by itself.
    await page.getByTestId('retry-now').click();
    await relay.start();
    await secondTurnAnswered(page, 30_000);
    await expect(notice).toBeHidden();
    await expect(state).not.toHaveAttribute('data-state', 'reconnecting');
    await bothTurnsStored(page, relay);
    await expect(page.getByTestId('app-notice')).toHaveCount(0);
  } finally {
    await relay.kill();
  }
});

test('the relay down when the page opens: one plain message, and the retry starts the call once it is up', async ({
  page,
}) => {
  const relay = new E2eRelay(relayPort());
  // The relay is down, so the page (the same build) comes from the suite's relay; the health
  // check, the ticket and the WebSocket go to the one that is down, not through the route (a
  // pattern, not a function: a function has Playwright hold every request of the page for it).
  await page.route(
    new RegExp(`^${relay.url.replaceAll('.', '\\.')}/(?!health|api/|ws)`),
    async (route) => {
      const url = new URL(route.request().url());
      url.port = String(E2E_PORT);
      await route.fulfill({ response: await route.fetch({ url: url.toString() }) });
    },
  );
  try {
    await page.goto(relay.url);
    const unreachable = page.getByTestId('relay-unreachable');
    await expect(unreachable.locator('p')).toHaveText(
      'Parley can’t reach its relay right now. It keeps checking; you can also retry now.',
    );
    await expect(page.getByTestId('text-input')).toBeDisabled();

    await page.getByTestId('talk-button').click();
    await expect(page.getByTestId('talk-button')).toHaveAttribute('data-state', 'idle');
    // Still one message: no "ticket: …", no red "Offline" on a working network.
    await expect(unreachable).toBeVisible();
    await expect(page.getByTestId('app-notice')).toHaveCount(0);
    await expect(page.getByTestId('offline-notice')).toHaveCount(0);
    await expect(page.getByTestId('connection-status')).toHaveAttribute(
      'data-state',
      'unreachable',
    );
    await expect(page.getByTestId('connection-status')).toContainText('Relay unreachable');
    await expect(page.locator('body')).not.toContainText('ticket:');

    await relay.start();
    // The page's own check finds the relay back: the notice says so and keeps its Retry (a click
    // while the notice changed form could land where its button no longer was). On a loaded
    // runner the page's requests have reached the relay long after this test's did.
    await expect(page.getByTestId('relay-back')).toBeVisible({ timeout: 40_000 });
    await expect(page.getByTestId('connection-status')).toContainText('Ready');
    // Retry starts the call, and keeps starting it until the relay lets it run (a start may still
    // find no relay just after it came up): what is waited for is the call running, with the
    // header and the notices saying so.
    await page.getByTestId('relay-retry').click();
    const running = { timeout: 30_000 };
    await expect(page.getByTestId('talk-button')).not.toHaveAttribute(
      'data-state',
      /idle|starting/,
      running,
    );
    await expect(page.getByTestId('connection-status')).toHaveAttribute(
      'data-state',
      'connected',
      running,
    );
    await expect(unreachable).toBeHidden();
    await expect(page.getByTestId('relay-back')).toBeHidden();
    // The call runs: the first question is heard and answered (its words as PocketSphinx read
    // them; on a loaded runner the second sentence may cut the answer short, which is the call
    // working too).
    await expect(page.getByTestId('user-utterance').nth(0)).toHaveAttribute('data-final', 'true');
    await expect(page.getByTestId('assistant-utterance').nth(0)).toHaveAttribute(
      'data-final',
      'true',
    );
  } finally {
    await relay.kill();
  }
});
