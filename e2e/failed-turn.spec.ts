import { expect, test } from './mic-test.ts';
import { healthy } from '../relay/test/fakes/faults.ts';
import { storedTurns, turnsSent, withFailingModel } from './failing-model.ts';
import { specPort } from './ports.ts';

test.use({ micFile: 'quiet' });

test('a failed turn says what failed and offers Retry, which asks the same question again, kept once', async ({
  page,
}) => {
  await withFailingModel(specPort(4), async (relay, llm) => {
    const sent = turnsSent(page);
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
    await expect(retry).toHaveText('Retry');
    // No empty bubble: the question, and the apology standing in for the answer.
    await expect(page.getByTestId('user-utterance')).toHaveText(['what is the weather']);
    await expect(replies.nth(0)).not.toHaveText(/^…/);

    llm.setFault('chat', healthy);
    await retry.click();
    // On the wire: a retry of that turn, not the question typed again.
    await expect
      .poll(() => sent.filter((m) => m.type !== 'utterance.start'))
      .toEqual([
        { type: 'user.text', turnId: 1 },
        { type: 'turn.retry', turnId: 2, retryOf: 1 },
      ]);
    // On screen and in storage: the question once, with the model's answer.
    await expect(replies).toHaveText(['It is sunny.']);
    await expect(replies.nth(0)).toHaveAttribute('data-status', 'completed');
    await expect(page.getByTestId('user-utterance')).toHaveText(['what is the weather']);
    await expect(retry).toHaveCount(0);
    await expect
      .poll(() => storedTurns(page, relay.url))
      .toEqual([['what is the weather', 'It is sunny.']]);
  });
});
