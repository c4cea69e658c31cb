import { expect, test } from './mic-test.ts';
import { E2E_ADMIN_TOKEN } from '../playwright.config.ts';
import { checkAccessibility } from './axe-check.ts';
import { ownHistoryItem } from './control-wire.ts';

// Issue 23: the main views checked by axe-core, in both colour schemes, on desktop and on a
// phone: no serious or critical violation (the others are printed). The microphone-denied notice
// is in accessibility-mic-denied.spec.ts (a browser launched otherwise).

test.use({ serviceWorkers: 'block', micFile: 'quiet' });

test('the app empty, in a call with a transcript, the debug panel, the history list and a past conversation', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'idle');
  // The first screen's account of the assistant, loaded from the relay, is part of it.
  await expect(page.getByTestId('assistant-intro')).toBeVisible();
  await checkAccessibility(page, 'empty app');

  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('text-input').fill('what is twelve times seven');
  await page.getByTestId('text-send').click();
  await expect(page.getByTestId('assistant-utterance').last()).toHaveText('12 times 7 is 84.');
  await page.getByTestId('devices-button').click();
  await expect(page.getByTestId('mic-select')).toBeVisible();
  await checkAccessibility(page, 'call with a transcript');

  await page.getByTestId('debug-button').click();
  await expect(page.getByTestId('debug-turns')).toBeVisible();
  await checkAccessibility(page, 'debug panel');
  await page.getByRole('button', { name: 'Close the debug panel' }).click();

  const own = await ownHistoryItem(page);
  await page.getByTestId('end-call-button').click();
  await expect(page.getByTestId('talk-button')).toHaveAttribute('data-state', 'idle');
  await page.getByTestId('history-button').click();
  await expect(own).toBeVisible();
  await checkAccessibility(page, 'history list');
  await own.getByRole('button').click();
  await expect(page.getByTestId('history-reply').first()).toBeVisible();
  await checkAccessibility(page, 'history detail');
});

test('the ops dashboard, signed out and in', async ({ page }) => {
  await page.goto('/ops');
  await expect(page.getByTestId('ops-token')).toBeVisible();
  await checkAccessibility(page, 'ops sign-in');
  await page.getByTestId('ops-token').fill(E2E_ADMIN_TOKEN);
  await page.getByTestId('ops-sign-in').click();
  await expect(page.getByTestId('ops-ready')).toHaveText('yes');
  await checkAccessibility(page, 'ops dashboard');
});

// Issue 24: the Settings view (providers and preferences), and the providers in /ops.
test('the Settings view, and the provider settings in the ops dashboard', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('stage-llm')).toBeVisible();
  await expect(page.getByTestId('detect-scan')).toBeEnabled();
  await expect(page.getByTestId('pref-persona')).toBeVisible();
  await checkAccessibility(page, 'settings view');
  // A field in error, tied to its message.
  await page.getByTestId('pref-persona').selectOption('custom');
  await page.getByTestId('pref-custom-persona').fill('');
  await page.getByTestId('pref-save').click();
  await expect(page.getByTestId('pref-custom-persona')).toHaveAttribute('aria-invalid', 'true');
  await checkAccessibility(page, 'settings view with an error');

  await page.goto('/ops');
  await page.getByTestId('ops-token').fill(E2E_ADMIN_TOKEN);
  await page.getByTestId('ops-sign-in').click();
  const providers = page.getByTestId('ops-provider-settings');
  await expect(providers.getByTestId('stage-llm')).toBeVisible();
  await checkAccessibility(page, 'ops provider settings');
});

test('the relay unreachable', async ({ page }) => {
  await page.route(/\/(health|api\/)/, (route) => route.abort('connectionrefused'));
  await page.goto('/');
  await expect(page.getByTestId('relay-unreachable')).toBeVisible();
  await checkAccessibility(page, 'relay unreachable');
});
