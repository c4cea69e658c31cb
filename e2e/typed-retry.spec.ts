import { expect, test, type Page } from './mic-test.ts';
import { healthy } from '../relay/test/fakes/faults.ts';
import { turnsSent, withFailingModel } from './failing-model.ts';
import { specPort } from './ports.ts';

// Issue 45, item 6: "Try again" on a typed turn that failed outside a call (the way a newcomer
// types first) sent nothing — the retry went to the call's turn-taker, and there was no call.
// Issue 65, item 4: Retry asks the turn's question again (`turn.retry`), and the conversation
// keeps it once.

test.use({ micFile: 'quiet', serviceWorkers: 'block' });

async function type(page: Page, text: string): Promise<void> {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-send').click();
}

test('a typed turn that failed without a call: Retry asks the question again and shows the answer', async ({
  page,
}) => {
  await withFailingModel(specPort(61), async (relay, llm) => {
    const sent = turnsSent(page);
    await page.goto(relay.url);
    await type(page, 'what is the weather');
    const replies = page.getByTestId('assistant-utterance');
    await expect(replies.nth(0)).toHaveAttribute('data-status', 'failed');
    const retry = replies.nth(0).getByTestId('retry-button');
    await expect(retry).toBeVisible();
    const chatsBefore = llm.received('chat').length;

    llm.setFault('chat', healthy);
    await retry.click();
    // On the wire: a retry of that turn; on screen: its question once, with the answer.
    await expect
      .poll(() => sent)
      .toEqual([
        { type: 'user.text', turnId: 1 },
        { type: 'turn.retry', turnId: 2, retryOf: 1 },
      ]);
    await expect(page.getByTestId('user-utterance')).toHaveText(['what is the weather']);
    await expect(replies).toHaveText(['It is sunny.']);
    await expect(replies.nth(0)).toHaveAttribute('data-status', 'completed');
    expect(llm.received('chat').length).toBeGreaterThan(chatsBefore);
    await expect(retry).toHaveCount(0);
  });
});

test('after the call ended, and from an older failed turn: Retry still asks its own question', async ({
  page,
}) => {
  await withFailingModel(specPort(61), async (relay, llm) => {
    const sent = turnsSent(page);
    await page.goto(relay.url);
    await page.getByTestId('talk-button').click();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    await type(page, 'first question');
    const replies = page.getByTestId('assistant-utterance');
    const users = page.getByTestId('user-utterance');
    await expect(replies.nth(0)).toHaveAttribute('data-status', 'failed');
    await type(page, 'second question');
    await expect(replies.nth(1)).toHaveAttribute('data-status', 'failed');
    await page.getByTestId('end-call-button').click();
    await expect(page.getByTestId('talk-button')).toHaveAttribute('data-state', 'idle');

    llm.setFault('chat', healthy);
    llm.reply = (messages) => `Answer to: ${messages.at(-1)?.content ?? ''}`;
    // The older turn's button: its own question goes again (at the end), not the latest one.
    await replies.nth(0).getByTestId('retry-button').click();
    await expect
      .poll(() => sent.filter((m) => m.type === 'turn.retry'))
      .toEqual([{ type: 'turn.retry', turnId: 3, retryOf: 1 }]);
    await expect(users).toHaveText(['second question', 'first question']);
    await expect(replies.nth(1)).toHaveText('Answer to: first question');
    // The newer one still offers its own.
    await replies.nth(0).getByTestId('retry-button').click();
    await expect(users).toHaveText(['first question', 'second question']);
    await expect(replies).toHaveText(['Answer to: first question', 'Answer to: second question']);
  });
});
