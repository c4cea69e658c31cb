import { expect, test } from './mic-test.ts';
import { healthy } from '../relay/test/fakes/faults.ts';
import { storedTurns, turnsSent, withFailingModel } from './failing-model.ts';
import { specPort } from './ports.ts';

// Issue 65, item 4: when the model failed, the offline responder's "Sorry, I can't answer that
// yet." stood in with a notice and nothing to retry: the user typed the question again. Retry
// asks the turn's question again (`turn.retry`) of the chain as it is now — typed or spoken (the
// words recognised, not said again) — and the conversation keeps the question once.

test.describe('the offline responder stood in for a model that failed', () => {
  test.use({ micFile: 'quiet', serviceWorkers: 'block' });

  test('Retry asks the model again once it works: its answer, stored once', async ({ page }) => {
    await withFailingModel(
      specPort(74),
      async (relay, llm) => {
        const sent = turnsSent(page);
        await page.goto(relay.url);
        await page.getByTestId('text-input').fill('what is the weather');
        await page.getByTestId('text-send').click();
        const replies = page.getByTestId('assistant-utterance');
        // The stand-in's words, said to be no real answer, with Retry.
        await expect(replies.nth(0)).toHaveAttribute('data-final', 'true');
        await expect(replies.nth(0)).toContainText("I can't answer that yet");
        await expect(replies.nth(0).getByTestId('turn-failure')).toContainText(
          'Your model could not answer',
        );
        const retry = replies.nth(0).getByTestId('retry-button');
        await expect(retry).toHaveText('Retry');

        llm.setFault('chat', healthy);
        await retry.click();
        await expect
          .poll(() => sent)
          .toEqual([
            { type: 'user.text', turnId: 1 },
            { type: 'turn.retry', turnId: 2, retryOf: 1 },
          ]);
        await expect(replies).toHaveText(['It is sunny.']);
        await expect(page.getByTestId('user-utterance')).toHaveText(['what is the weather']);
        await expect(page.getByTestId('retry-button')).toHaveCount(0);
        await expect
          .poll(() => storedTurns(page, relay.url))
          .toEqual([['what is the weather', 'It is sunny.']]);
      },
      { LLM_PROVIDERS: 'openai,embedded' },
    );
  });
});

test.describe('a spoken turn', () => {
  test.use({ micFile: 'tool-question' });

  test('Retry asks the words recognised again, without recording them again', async ({ page }) => {
    await withFailingModel(specPort(75), async (relay, llm) => {
      const sent = turnsSent(page);
      await page.goto(relay.url);
      await page.getByTestId('talk-button').click();
      const users = page.getByTestId('user-utterance');
      const replies = page.getByTestId('assistant-utterance');
      // The words recognised, whatever PocketSphinx read Flite's "what is your name" as: the
      // retry asks those same words again, which is the point.
      await expect(users.nth(0)).toHaveAttribute('data-final', 'true', { timeout: 30_000 });
      const words = (await users.nth(0).textContent()) ?? '';
      expect(words).toMatch(/\w/);
      await expect(replies.nth(0)).toHaveAttribute('data-status', 'failed');

      llm.setFault('chat', healthy);
      await replies.nth(0).getByTestId('retry-button').click();
      await expect(replies).toHaveText(['It is sunny.']);
      await expect(users).toHaveText([words]);
      // One utterance, then its retry: nothing recorded again.
      expect(sent.filter((m) => m.type !== 'tool.answer')).toEqual([
        { type: 'utterance.start', turnId: 1 },
        { type: 'turn.retry', turnId: 2, retryOf: 1 },
      ]);
      // The model was asked the recognised words.
      expect(llm.chatBodies().at(-1)?.messages.at(-1)?.content).toBe(words);
      await expect.poll(() => storedTurns(page, relay.url)).toEqual([[words, 'It is sunny.']]);
      await page.getByTestId('end-call-button').click();
    });
  });
});
