import { expect, MIC_DENIED, test } from './mic-test.ts';
import { recordTurnsDone } from './reply-wire.ts';

// Issue 23: a microphone the browser refuses (as when the user blocked the site: MIC_DENIED) is
// not a dead end.

test.use(MIC_DENIED);

test('the microphone denied: the steps to allow it, a try again, and a typed question is answered', async ({
  page,
}) => {
  const wire = recordTurnsDone(page);
  await page.goto('/');
  await page.getByTestId('talk-button').click();
  const blocked = page.getByTestId('mic-blocked');
  await expect(blocked).toHaveAttribute('data-state', 'denied');
  await expect(blocked).toContainText('Parley can’t use your microphone');
  await expect(blocked).toContainText('address bar');
  await expect(page.getByTestId('talk-button')).toHaveAttribute('data-state', 'idle');

  // The session the call opened goes on, typed.
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('text-input').fill('what is twelve times seven');
  await page.getByTestId('text-send').click();
  await expect(page.getByTestId('user-utterance').nth(0)).toHaveText('what is twelve times seven');
  await expect(page.getByTestId('assistant-utterance').nth(0)).toHaveText('12 times 7 is 84.');
  expect(wire.readies).toHaveLength(1);

  // Still refused: the notice stays (and the conversation with it).
  await page.getByTestId('mic-try-again').click();
  await expect(page.getByTestId('talk-button')).toHaveAttribute('data-state', 'idle');
  await expect(blocked).toBeVisible();
  await page.getByTestId('text-input').fill('what is two plus two');
  await page.getByTestId('text-send').click();
  await expect(page.getByTestId('assistant-utterance').nth(1)).toHaveText('2 plus 2 is 4.');
  expect(wire.readies).toHaveLength(1);
});
