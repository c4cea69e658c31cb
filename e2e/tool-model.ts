import { startFakeOpenAi, type FakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { E2eRelay } from './relay-process.ts';

// A relay whose language model is the fake OpenAI server, scripted by the spec (issue 48): its
// tool calls, then its words.

const KEY = 'sk-e2e-tool-model-0123456789';

/**
 * Runs `run` against a relay on `port` whose one language model is a fake OpenAI server (the
 * spec scripts it: `llm.script`), with `env` added; both stopped after.
 */
export async function withToolModel(
  port: number,
  run: (relay: E2eRelay, llm: FakeOpenAi) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  const llm = await startFakeOpenAi({ apiKey: KEY });
  const relay = new E2eRelay(port, {
    env: {
      LLM_PROVIDERS: 'openai',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: llm.baseUrl,
      HEALTH_PROBE_INTERVAL_S: '0',
      ...env,
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
