import { expect, test, type Page } from './mic-test.ts';
import { healthy } from '../relay/test/fakes/faults.ts';
import { typedSent, withFailingModel } from './failing-model.ts';
import { specPort } from './ports.ts';

// Issue 45, item 6: "Try again" on a typed turn that failed outside a call (the way a newcomer
// types first) sent nothing — the retry went to the call's turn-taker, and there was no call.

test.use({ micFile: 'quiet', serviceWorkers: 'block' });

async function type(page: Page, text: string): Promise<void> {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-send').click();
}

test('a typed turn that failed without a call: Try again sends the question again and shows the answer', async ({
  page,
}) => {
  await withFailingModel(specPort(61), async (relay, llm) => {
    const typed = typedSent(page);
    await page.goto(relay.url);
    await type(page, 'what is the weather');
    const replies = page.getByTestId('assistant-utterance');
    await expect(replies.nth(0)).toHaveAttribute('data-status', 'failed');
    const retry = replies.nth(0).getByTestId('retry-button');
    await expect(retry).toBeVisible();
    const chatsBefore = llm.received('chat').length;

    llm.setFault('chat', healthy);
    await retry.click();
    // On the wire: the question again; on screen: a new bubble for it, and its answer.
    await expect.poll(() => typed).toEqual(['what is the weather', 'what is the weather']);
    await expect(page.getByTestId('user-utterance')).toHaveText([
      'what is the weather',
      'what is the weather',
    ]);
    await expect(replies.nth(1)).toHaveText('It is sunny.');
    await expect(replies.nth(1)).toHaveAttribute('data-status', 'completed');
    expect(llm.received('chat').length).toBeGreaterThan(chatsBefore);
    // Offered once: the failed bubble keeps what failed, without the button.
    await expect(retry).toHaveCount(0);
  });
});

test('after the call ended, and from an older failed turn: Try again still resends', async ({
  page,
}) => {
  await withFailingModel(specPort(61), async (relay, llm) => {
    const typed = typedSent(page);
    await page.goto(relay.url);
    await page.getByTestId('talk-button').click();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    await type(page, 'first question');
    const replies = page.getByTestId('assistant-utterance');
    await expect(replies.nth(0)).toHaveAttribute('data-status', 'failed');
    await type(page, 'second question');
    await expect(replies.nth(1)).toHaveAttribute('data-status', 'failed');
    await page.getByTestId('end-call-button').click();
    await expect(page.getByTestId('talk-button')).toHaveAttribute('data-state', 'idle');

    llm.setFault('chat', healthy);
    llm.reply = (messages) => `Answer to: ${messages.at(-1)?.content ?? ''}`;
    // The older turn's button: its own question goes again, not the latest one.
    await replies.nth(0).getByTestId('retry-button').click();
    await expect.poll(() => typed).toEqual(['first question', 'second question', 'first question']);
    await expect(replies.nth(2)).toHaveText('Answer to: first question');
    await expect(page.getByTestId('user-utterance').nth(2)).toHaveText('first question');
    // The newer one still offers its own.
    await replies.nth(1).getByTestId('retry-button').click();
    await expect(replies.nth(3)).toHaveText('Answer to: second question');
  });
});
