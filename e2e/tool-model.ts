import { fileURLToPath } from 'node:url';
import { startFakeOpenAi, type FakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { mcpServersResponse } from '../shared/src/protocol/mcp-servers.ts';
import { E2eRelay } from './relay-process.ts';

// A relay whose language model is the fake OpenAI server, scripted by the spec (issue 48: its
// tool calls, then its words; issue 45: failing until told otherwise).

const KEY = 'sk-e2e-tool-model-0123456789';

/** What a spec sets up beside the fake model: more relay environment, the fake before it starts. */
export interface ToolModelSetup {
  env?: Record<string, string>;
  prepare?: (llm: FakeOpenAi) => void;
}

/**
 * Runs `run` against a relay on `port` whose one language model is a fake OpenAI server (the
 * spec scripts it: `llm.script`), with no fallback to hide it; both stopped after.
 */
export async function withToolModel(
  port: number,
  run: (relay: E2eRelay, llm: FakeOpenAi) => Promise<void>,
  { env = {}, prepare }: ToolModelSetup = {},
): Promise<void> {
  const llm = await startFakeOpenAi({ apiKey: KEY });
  prepare?.(llm);
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

/** server-everything's own command (a devDependency of the relay), allowed to the relay. */
export const EVERYTHING = fileURLToPath(
  new URL('../relay/node_modules/.bin/mcp-server-everything', import.meta.url),
);

/** The operator adds server-everything and enables `tool`; resolves to its name for the model. */
export async function addEverything(relay: E2eRelay, tool: string): Promise<string> {
  const send = async (path: string, method: string, body: unknown) => {
    const r = await fetch(`${relay.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (r.status !== 200) throw new Error(`${method} ${path}: ${String(r.status)}`);
    return mcpServersResponse.parse(await r.json());
  };
  const added = await send('/api/admin/mcp/servers', 'POST', {
    transport: 'stdio',
    name: 'everything',
    command: EVERYTHING,
  });
  const id = added.servers[0]?.id ?? '';
  const enabled = await send(`/api/admin/mcp/servers/${id}/tools`, 'PUT', {
    name: tool,
    enabled: true,
  });
  const modelName = enabled.servers[0]?.tools?.find((t) => t.name === tool)?.modelName;
  if (!modelName) throw new Error(`${tool} was not enabled`);
  return modelName;
}
