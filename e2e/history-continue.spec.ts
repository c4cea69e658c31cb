import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './mic-test.ts';
import { conversationExport } from '../shared/src/protocol/conversation-export.ts';
import { recordTurnsDone } from './reply-wire.ts';

// Issue 23: a past conversation continued from the history goes on with its context (the
// offline responder repeats what was said in it), and can be renamed and exported.

test.use({ micFile: 'quiet', serviceWorkers: 'block' });

async function type(page: Page, text: string) {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-send').click();
}

test('continue a past conversation, rename it, export it as Markdown and JSON', async ({
  page,
}) => {
  const wire = recordTurnsDone(page);
  await page.goto('/');
  await type(page, 'hello how are you');
  const replies = page.getByTestId('assistant-utterance');
  await expect(replies.nth(0)).not.toHaveText('…');
  await expect.poll(() => wire.readies.length).toBe(1);
  const sessionId = wire.readies[0]?.sessionId;

  // Another day: a fresh page, the conversation in the history.
  await page.reload();
  await page.getByTestId('history-button').click();
  await page.locator(`[data-session="${sessionId}"]`).getByRole('button').click();
  const detail = page.getByTestId('history-detail');
  await expect(detail).toContainText('hello how are you');

  await page.getByTestId('rename-conversation').click();
  await page.getByTestId('rename-input').fill('Small talk');
  await page.getByTestId('rename-save').click();
  await expect(page.getByTestId('history-title')).toHaveText('Small talk');

  const markdown = page.waitForEvent('download');
  await page.getByTestId('export-markdown').click();
  const md = await markdown;
  expect(md.suggestedFilename()).toMatch(/^parley-\d{4}-\d{2}-\d{2}-small-talk\.md$/);
  const text = readFileSync(await md.path(), 'utf8');
  expect(text).toMatch(/^# Small talk\n/);
  expect(text).toContain('**You:** hello how are you');

  const json = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const exported = conversationExport.parse(
    JSON.parse(readFileSync(await (await json).path(), 'utf8')),
  );
  expect(exported).toMatchObject({ id: sessionId, title: 'Small talk' });
  expect(exported.turns.map((t) => t.user)).toEqual(['hello how are you']);

  await page.getByTestId('continue-conversation').click();
  await expect(page.getByTestId('continuing')).toContainText('Small talk');
  await expect(page.getByTestId('user-utterance').nth(0)).toHaveText('hello how are you');
  await type(page, 'what did I just say');
  // The relay gave the LLM the conversation's history: the responder repeats it.
  await expect(replies.nth(1)).toHaveText('You said: "hello how are you".');
  await expect.poll(() => wire.readies.length).toBe(2);
  expect(wire.readies[1]?.sessionId).toBe(sessionId);
  await expect(page.getByTestId('continuing')).toBeHidden();

  // One conversation in the history, with both turns and its new name.
  await page.getByTestId('history-button').click();
  const item = page.locator(`[data-session="${sessionId}"]`);
  await expect(item).toContainText('Small talk');
  await expect(item).toContainText('2 turns');
});
