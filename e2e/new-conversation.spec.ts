import type { SessionDetail } from '../shared/src/protocol/api.ts';
import { expect, test, type Page } from './mic-test.ts';
import { recordTurnsDone } from './reply-wire.ts';

// Issue 65, item 7: "New conversation" starts one at the relay without a reload. What reaches
// the relay: the next turn opens a new session (its `hello` continues nothing) and is stored
// there; the conversation before is kept, whole, in the history.

test.use({ micFile: 'quiet', serviceWorkers: 'block' });

async function type(page: Page, text: string) {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-send').click();
}

/** The `hello` messages the page sent, in order. */
function recordHellos(page: Page): Record<string, unknown>[] {
  const hellos: Record<string, unknown>[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload) as Record<string, unknown>;
      if (m.type === 'hello') hellos.push(m);
    });
  });
  return hellos;
}

async function stored(page: Page, sessionId: string): Promise<SessionDetail> {
  const res = await page.request.get(`/api/sessions/${sessionId}`);
  expect(res.ok()).toBe(true);
  return (await res.json()) as SessionDetail;
}

test('"New conversation" stores the next turn in a new conversation and keeps the old one in the history', async ({
  page,
}) => {
  const wire = recordTurnsDone(page);
  const hellos = recordHellos(page);
  await page.goto('/');
  await type(page, 'hello how are you');
  const replies = page.getByTestId('assistant-utterance');
  await expect(replies).toHaveCount(1);
  await expect(replies.first()).not.toHaveText('…');
  await expect.poll(() => wire.readies.length).toBe(1);
  const first = wire.readies[0]?.sessionId ?? '';

  await page.getByRole('button', { name: 'New conversation' }).click();
  // The page starts over: the first screen again, the focus in the conversation's area.
  await expect(page.getByTestId('user-utterance')).toHaveCount(0);
  await expect(page.getByTestId('assistant-intro')).toBeVisible();
  await expect(page.getByRole('main')).toBeFocused();

  await type(page, 'what did I just say');
  await expect(replies).toHaveCount(1);
  // The new conversation has no history: the responder has nothing of the old one to repeat.
  await expect(replies.first()).not.toHaveText('…');
  await expect(replies.first()).not.toContainText('hello how are you');
  await expect.poll(() => wire.readies.length).toBe(2);
  const second = wire.readies[1]?.sessionId ?? '';
  expect(second).not.toBe(first);
  expect(hellos).toHaveLength(2);
  expect(hellos[1]).not.toHaveProperty('continue');
  expect(hellos[1]).not.toHaveProperty('resume');

  // Stored apart: each conversation with its own turn, the first kept whole.
  expect((await stored(page, first)).turns.map((t) => t.userText)).toEqual(['hello how are you']);
  await expect
    .poll(async () => (await stored(page, second)).turns.map((t) => t.userText))
    .toEqual(['what did I just say']);
  await page.getByTestId('history-button').click();
  await expect(page.locator(`[data-session="${first}"]`)).toContainText('1 turn');
  await expect(page.locator(`[data-session="${second}"]`)).toContainText('1 turn');
});

test('"New conversation" is offered once a call has ended, not during it', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await type(page, 'what is twelve times seven');
  await expect(page.getByTestId('assistant-utterance').last()).toHaveText('12 times 7 is 84.');
  await expect(page.getByTestId('new-conversation')).toHaveCount(0);
  await page.getByTestId('end-call-button').click();
  await page.getByTestId('new-conversation').click();
  await expect(page.getByTestId('assistant-utterance')).toHaveCount(0);
  await expect(page.getByTestId('assistant-intro')).toBeVisible();
});
