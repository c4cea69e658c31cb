import { expect, test } from './mic-test.ts';
import { healthy } from '../relay/test/fakes/faults.ts';
import { startFakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

test.use({ micFile: 'quiet' });

const KEY = 'sk-e2e-failed-turn-0123456789';

test('a failed turn says what failed and offers a retry, which sends the question again', async ({
  page,
}) => {
  // The language model is a fake OpenAI server that answers 500 until told otherwise.
  const llm = await startFakeOpenAi({ apiKey: KEY });
  llm.reply = () => 'It is sunny.';
  llm.setFault('chat', { kind: 'status', status: 500 });
  const relay = new E2eRelay(specPort(4), {
    env: {
      LLM_PROVIDERS: 'openai',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: llm.baseUrl,
      HEALTH_PROBE_INTERVAL_S: '0',
    },
  });
  // What the page sent: the typed questions.
  const typed: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload) as { type: string; text?: string };
      if (m.type === 'user.text') typed.push(m.text ?? '');
    }),
  );
  try {
    await relay.start();
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
  } finally {
    await relay.kill();
    await llm.close();
  }
});
