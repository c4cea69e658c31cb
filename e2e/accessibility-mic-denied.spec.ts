import { expect, test } from './mic-test.ts';
import { checkAccessibility } from './axe-check.ts';
import { E2E_ENGINE_ARGS, fakeMicArgs } from './fake-mic-args.ts';
import { FIXTURES } from './global-setup.ts';

// Issue 23: the microphone-denied notice checked by axe-core, in both colour schemes (see
// accessibility.spec.ts). The browser refuses the microphone as in mic-denied.spec.ts.

test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      ...fakeMicArgs(`${FIXTURES}quiet.wav`).filter((a) => a !== '--use-fake-ui-for-media-stream'),
      '--deny-permission-prompts',
      ...E2E_ENGINE_ARGS,
    ],
  },
  serviceWorkers: 'block',
});

test('the microphone denied', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('mic-blocked')).toHaveAttribute('data-state', 'denied');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await checkAccessibility(page, 'microphone denied');
});
