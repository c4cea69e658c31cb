import { expect, test } from './mic-test.ts';
import { healthy } from '../relay/test/fakes/faults.ts';
import { typedSent, withFailingModel } from './failing-model.ts';
import { specPort } from './ports.ts';

test.use({ micFile: 'quiet' });

test('a failed turn says what failed and offers a retry, which sends the question again', async ({
  page,
}) => {
  await withFailingModel(specPort(4), async (relay, llm) => {
    const typed = typedSent(page);
    await page.goto(relay.url);
    await page.getByTestId('talk-button').click();
    await page.getByTestId('text-input').fill('what is the weather');
    await page.getByTestId('text-send').click();

    const replies = page.getByTestId('assistant-utterance');
    await expect(replies.nth(0)).toHaveAttribute('data-status', 'failed');
    await expect(replies.nth(0).getByTestId('turn-failure')).toContainText(
      'The language model failed',
    );
    const retry = replies.nth(0).getByTestId('retry-button');
    await expect(retry).toBeVisible();
    // No empty bubble: the question, and the apology standing in for the answer.
    await expect(page.getByTestId('user-utterance')).toHaveText(['what is the weather']);
    await expect(replies.nth(0)).not.toHaveText(/^…/);

    llm.setFault('chat', healthy);
    await retry.click();
    await expect(page.getByTestId('user-utterance')).toHaveText([
      'what is the weather',
      'what is the weather',
    ]);
    await expect(replies.nth(1)).toHaveText('It is sunny.');
    await expect(replies.nth(1)).toHaveAttribute('data-status', 'completed');
    // Offered once: the failed bubble keeps what failed, without the button.
    await expect(retry).toHaveCount(0);
    expect(typed).toEqual(['what is the weather', 'what is the weather']);
  });
});
