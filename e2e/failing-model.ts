import type { Page } from './mic-test.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { E2eRelay } from './relay-process.ts';

// A relay whose one language model fails until told otherwise, for the specs of a failed turn
// and its retry, and what the page sends.

const KEY = 'sk-e2e-failing-model-0123456789';

/** The `user.text` questions the page sends from now on, in order. */
export function typedSent(page: Page): string[] {
  const typed: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload) as { type: string; text?: string };
      if (m.type === 'user.text') typed.push(m.text ?? '');
    }),
  );
  return typed;
}

/**
 * Runs `run` against a relay on `port` whose language model is a fake OpenAI server answering
 * 500 until told otherwise (then "It is sunny."), with no fallback to hide it; both stopped after.
 */
export async function withFailingModel(
  port: number,
  run: (relay: E2eRelay, llm: FakeOpenAi) => Promise<void>,
): Promise<void> {
  const llm = await startFakeOpenAi({ apiKey: KEY });
  llm.reply = () => 'It is sunny.';
  llm.setFault('chat', { kind: 'status', status: 500 });
  const relay = new E2eRelay(port, {
    env: {
      LLM_PROVIDERS: 'openai',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: llm.baseUrl,
      HEALTH_PROBE_INTERVAL_S: '0',
    },
  });
  try {
    await relay.start();
    await run(relay, llm);
  } finally {
    await relay.kill();
    await llm.close();
  }
}
