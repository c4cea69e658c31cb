import { expect, test, type Page } from './mic-test.ts';
import { recordTurnsDone } from './reply-wire.ts';
import { ownHistoryItem } from './control-wire.ts';
import { timeQuestionAnswered } from './time-question.ts';

// Issue 23: typing needs no call — a typed conversation is a session like a call's, its
// replies spoken only if the user wants (remembered), and a call started in it goes on in the
// same session.

test.use({ micFile: 'two-turns', serviceWorkers: 'block' });

/** The `user.text` messages the page sent, as seen on the wire. */
function typedSent(page: Page): { text: string; speak: boolean | undefined }[] {
  const sent: { text: string; speak: boolean | undefined }[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload) as { type: string; text: string; speak?: boolean };
      if (m.type === 'user.text') sent.push({ text: m.text, speak: m.speak });
    });
  });
  return sent;
}

async function type(page: Page, text: string) {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-send').click();
}

test('typing without a call: answered as text, spoken once asked, and a call continues the same session', async ({
  page,
}) => {
  const wire = recordTurnsDone(page);
  const sent = typedSent(page);
  await page.goto('/');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'idle');
  const speak = page.getByTestId('speak-replies');
  await expect(speak).not.toBeChecked();

  await type(page, 'what is twelve times seven');
  const replies = page.getByTestId('assistant-utterance');
  await expect(replies.nth(0)).toHaveText('12 times 7 is 84.');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('talk-button')).toHaveAttribute('data-state', 'idle');
  // Not spoken: the relay synthesised nothing.
  expect(sent.at(-1)).toEqual({ text: 'what is twelve times seven', speak: false });
  await expect.poll(() => wire.done.size).toBe(1);
  expect([...wire.done.values()][0]?.audioSamples).toBe(0);

  await speak.check();
  await type(page, 'what is two plus two');
  await expect(replies.nth(1)).toHaveText('2 plus 2 is 4.');
  expect(sent.at(-1)).toEqual({ text: 'what is two plus two', speak: true });
  await expect.poll(() => wire.done.size).toBe(2);
  expect([...wire.done.values()][1]?.audioSamples).toBeGreaterThan(0);

  // A call started now is the same conversation: no second session.
  await page.getByTestId('talk-button').click();
  await timeQuestionAnswered(page.getByTestId('user-utterance').nth(2), replies.nth(2));
  expect(wire.readies).toHaveLength(1);
  const item = await ownHistoryItem(page);
  await page.getByTestId('end-call-button').click();
  await page.getByTestId('history-button').click();
  await expect(item).toContainText('what is twelve times seven');
  await expect(item).toContainText('3 turns');

  // The choice is remembered.
  await page.reload();
  await expect(page.getByTestId('speak-replies')).toBeChecked();
});
