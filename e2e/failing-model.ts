import type { Page } from './mic-test.ts';
import type { FakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import type { E2eRelay } from './relay-process.ts';
import { withToolModel } from './tool-model.ts';

// A relay whose one language model fails until told otherwise, for the specs of a failed turn
// and its retry, and what the page sends.

/** What the page sends from now on that starts a turn: its type and turn (and what it retries). */
export function turnsSent(page: Page): { type: string; turnId: number; retryOf?: number }[] {
  const sent: { type: string; turnId: number; retryOf?: number }[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload) as { type: string; turnId?: number; retryOf?: number };
      if (!['user.text', 'turn.retry', 'utterance.start', 'tool.answer'].includes(m.type)) return;
      sent.push({
        type: m.type,
        turnId: m.turnId ?? -1,
        ...(m.retryOf === undefined ? {} : { retryOf: m.retryOf }),
      });
    }),
  );
  return sent;
}

/** The turns the relay stored for the page's conversation: question and answer, in order. */
export async function storedTurns(page: Page, url: string): Promise<[string, string][]> {
  return page.evaluate(async (base) => {
    const list = (await (await fetch(`${base}/api/sessions`)).json()) as {
      sessions: { id: string }[];
    };
    const id = list.sessions[0]?.id;
    if (id === undefined) return [];
    const detail = (await (await fetch(`${base}/api/sessions/${id}`)).json()) as {
      turns: { userText: string; assistantText: string }[];
    };
    return detail.turns.map((t): [string, string] => [t.userText, t.assistantText]);
  }, url);
}

/**
 * Runs `run` against a relay on `port` whose language model is a fake OpenAI server answering
 * 500 until told otherwise (then "It is sunny."), with no fallback to hide it unless `env` says
 * otherwise (`LLM_PROVIDERS: 'openai,embedded'`: the offline responder stands in); both stopped
 * after.
 */
export function withFailingModel(
  port: number,
  run: (relay: E2eRelay, llm: FakeOpenAi) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  return withToolModel(port, run, {
    env,
    prepare: (llm) => {
      llm.reply = () => 'It is sunny.';
      llm.setFault('chat', { kind: 'status', status: 500 });
    },
  });
}
