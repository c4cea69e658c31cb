import { expect, test } from './mic-test.ts';
import { playback } from './fake-mic.ts';
import { ownHistoryItem } from './control-wire.ts';
import { timeQuestionAnswered } from './time-question.ts';

test.use({ micFile: 'two-turns' });

test.describe('the whole loop, in Chromium with a fake microphone', () => {
  test('speak, see the words, hear the answer, twice in one session', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'idle');
    await page.getByTestId('talk-button').click();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('llm-notice')).toContainText('Offline responder');
    await expect(page.getByTestId('connect-model-link')).toBeVisible();

    const users = page.getByTestId('user-utterance');
    const replies = page.getByTestId('assistant-utterance');
    // The words shown are PocketSphinx's reading ("what time is it", at times "… is a"), and
    // the answer is the responder's to them.
    await timeQuestionAnswered(users.nth(0), replies.nth(0));
    const firstWords = (await users.nth(0).textContent()) ?? '';
    const firstAnswer = (await replies.nth(0).textContent()) ?? '';
    const turn1 = Number(await users.nth(0).getAttribute('data-turn'));
    // The reply's samples really reach the playback node: at least half a second of sound.
    await expect
      .poll(async () => (await playback(page, turn1)).nonSilent)
      .toBeGreaterThan(0.5 * 44_100 * 0.9);

    // PocketSphinx often hears "what is" as "one is"; the responder still finds the sum.
    await expect(users.nth(1)).toHaveText(/five times six$/i);
    await expect(replies.nth(1)).toHaveText('5 times 6 is 30.');
    const turn2 = Number(await users.nth(1).getAttribute('data-turn'));
    expect(turn2).toBeGreaterThan(turn1);
    await expect
      .poll(async () => (await playback(page, turn2)).nonSilent)
      .toBeGreaterThan(0.5 * 44_100 * 0.9);
    await expect(users).toHaveCount(2);
    await expect(replies).toHaveCount(2);
    // The first reply, heard to the end, is not cut by the second question.
    await expect(replies.nth(0)).toHaveText(firstAnswer);
    await expect(replies.nth(0)).toHaveAttribute('data-status', 'completed');
    await expect(page.getByTestId('session-cost')).toHaveText('$0.00');

    // Typing works as well as speaking (and is what the UI offers when recognition is down).
    await page.getByTestId('text-input').fill('what is twelve times seven');
    await page.getByTestId('text-send').click();
    await expect(users.nth(2)).toHaveText('what is twelve times seven');
    await expect(replies.nth(2)).toHaveText('12 times 7 is 84.');
    await expect(replies.nth(2)).toHaveAttribute('data-final', 'true');
    await expect(page.getByTestId('text-input')).toHaveValue('');

    // The conversation is saved: it is in the history, with both turns.
    const item = await ownHistoryItem(page);
    await page.getByTestId('end-call-button').click();
    await expect(page.getByTestId('talk-button')).toHaveAttribute('data-state', 'idle');
    await page.getByTestId('history-button').click();
    await expect(item).toContainText(firstWords);
    await expect(item).toContainText('3 turns');
    await item.getByRole('button').click();
    await expect(page.getByTestId('history-detail')).toContainText('5 times 6 is 30.');
    await page.getByTestId('history-button').click();
    if (process.env.UPDATE_SCREENSHOTS && test.info().project.name === 'desktop') {
      await page.setViewportSize({ width: 720, height: 640 });
      await replies.last().scrollIntoViewIfNeeded();
      // Pages are light unless told (Playwright's default): one screenshot in each scheme.
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: 'docs/screenshot.png' });
      await page.emulateMedia({ colorScheme: 'light' });
      await page.screenshot({ path: 'docs/screenshot-light.png' });
    }
  });
});
