import { expect, MIC_DENIED, test } from './mic-test.ts';
import { checkAccessibility } from './axe-check.ts';

// Issue 23: the microphone-denied notice checked by axe-core, in both colour schemes (see
// accessibility.spec.ts). The browser refuses the microphone (MIC_DENIED).

test.use(MIC_DENIED);

test('the microphone denied', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('mic-blocked')).toHaveAttribute('data-state', 'denied');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await checkAccessibility(page, 'microphone denied');
});
