import type { Page } from './mic-test.ts';
import type { FakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import type { E2eRelay } from './relay-process.ts';
import { withToolModel } from './tool-model.ts';

// A relay whose one language model fails until told otherwise, for the specs of a failed turn
// and its retry, and what the page sends.

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
export function withFailingModel(
  port: number,
  run: (relay: E2eRelay, llm: FakeOpenAi) => Promise<void>,
): Promise<void> {
  return withToolModel(port, run, {
    prepare: (llm) => {
      llm.reply = () => 'It is sunny.';
      llm.setFault('chat', { kind: 'status', status: 500 });
    },
  });
}
