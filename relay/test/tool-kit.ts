import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { ServerMessage } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import type { Tool, ToolContext, ToolResult, ToolSource } from '../src/tools/tool.ts';
import { startFakeAnthropic } from './fakes/anthropic-server.ts';
import type { FakeLlmStep } from './fakes/llm-script.ts';
import { openAiRelayEnv, startFakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

/** A tool a test defines, which counts its runs and keeps what each was given. */
export interface TestTool extends Tool {
  /** The arguments of each run, in order. */
  readonly runs: Record<string, unknown>[];
  /** The context of each run (its signal: whether it was aborted). */
  readonly contexts: ToolContext[];
}

/**
 * A tool of the test's own (not a mock of ours: tools are what a turn calls), answering with
 * `answer` (by default what it was given, as JSON).
 */
export function testTool(
  name: string,
  options: {
    readOnly?: boolean;
    description?: string;
    properties?: Record<string, unknown>;
    required?: string[];
    answer?: (args: Record<string, unknown>, context: ToolContext) => Promise<ToolResult>;
    action?: (args: Record<string, unknown>) => string;
  } = {},
): TestTool {
  const runs: Record<string, unknown>[] = [];
  const contexts: ToolContext[] = [];
  return {
    name,
    description: options.description ?? `The test's ${name}.`,
    inputSchema: {
      type: 'object',
      properties: options.properties ?? {},
      ...(options.required ? { required: options.required } : {}),
    },
    origin: { kind: 'builtin' },
    readOnly: options.readOnly ?? true,
    ...(options.action ? { action: options.action } : {}),
    runs,
    contexts,
    run: (args, context) => {
      runs.push(args);
      contexts.push(context);
      return options.answer
        ? options.answer(args, context)
        : Promise.resolve({ content: JSON.stringify(args), summary: 'ran' });
    },
  };
}

/** Adds `a` and `b`: read-only, a schema with required numbers. */
export function addTool(): TestTool {
  return testTool('add', {
    description: 'Adds two numbers.',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
    answer: (args) => {
      const sum = Number(args.a) + Number(args.b);
      return Promise.resolve({ content: String(sum), summary: String(sum) });
    },
  });
}

/** Resolves when `signal` aborts: a tool that runs until it is stopped. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const stop = () => reject(signal.reason as Error);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}

/** A tool source serving `tools` to every user. */
export const toolSource = (...tools: Tool[]): ToolSource => ({
  toolsFor: () => Promise.resolve(tools),
});

/** A fake language model of either vendor, as the tool tests drive it. */
export interface FakeToolModel {
  vendor: 'openai' | 'anthropic';
  /** The relay's settings to use it. */
  env: Record<string, string>;
  /** The next requests' answers (one step each), then the fake's own reply. */
  script: FakeLlmStep[];
  /** Per request received: the names of the tools offered. */
  toolsOffered(): string[][];
  /** Per request received: the tool results it carried, as the model reads them. */
  resultsSent(): { content: string; isError: boolean }[][];
  close(): Promise<void>;
}

const KEY = 'sk-tool-calls-0123456789';

/** A fake of `vendor`'s language model, speaking its real streaming format. */
export async function startToolModel(vendor: 'openai' | 'anthropic'): Promise<FakeToolModel> {
  if (vendor === 'openai') {
    const fake = await startFakeOpenAi({ apiKey: KEY });
    fake.intervalMs = 1;
    return {
      vendor,
      env: { LLM_PROVIDERS: 'openai', ...openAiRelayEnv(fake, KEY) },
      get script() {
        return fake.script;
      },
      set script(steps) {
        fake.script = steps;
      },
      toolsOffered: () => fake.chatBodies().map((b) => (b.tools ?? []).map((t) => t.function.name)),
      resultsSent: () =>
        fake.chatBodies().map((b) =>
          b.messages
            .filter((m) => m.role === 'tool')
            // OpenAI's tool messages carry no error flag: the words say it.
            .map((m) => ({ content: m.content ?? '', isError: false })),
        ),
      close: () => fake.close(),
    };
  }
  const fake = await startFakeAnthropic({ apiKey: KEY });
  fake.intervalMs = 1;
  return {
    vendor,
    env: {
      LLM_PROVIDERS: 'anthropic',
      ANTHROPIC_API_KEY: KEY,
      ANTHROPIC_BASE_URL: fake.url,
      HEALTH_PROBE_INTERVAL_S: '0',
    },
    get script() {
      return fake.script;
    },
    set script(steps) {
      fake.script = steps;
    },
    toolsOffered: () => fake.bodies().map((b) => (b.tools ?? []).map((t) => t.name)),
    resultsSent: () =>
      fake
        .bodies()
        .map((b) =>
          b.messages.flatMap((m) =>
            typeof m.content === 'string'
              ? []
              : m.content.flatMap((block) =>
                  block.type === 'tool_result'
                    ? [{ content: block.content, isError: block.is_error === true }]
                    : [],
                ),
          ),
        ),
    close: () => fake.close(),
  };
}

/** The tool messages of turn `turnId` the client received, in order. */
export function toolMessages(
  client: TalkClient,
  turnId: number,
): Extract<ServerMessage, { type: 'tool.call' | 'tool.result' | 'tool.confirm' }>[] {
  return client.received.filter(
    (m): m is Extract<ServerMessage, { type: 'tool.call' | 'tool.result' | 'tool.confirm' }> =>
      (m.type === 'tool.call' || m.type === 'tool.result' || m.type === 'tool.confirm') &&
      m.turnId === turnId,
  );
}

/** The `tool.result`s of turn `turnId`: each call's name and status. */
export function toolStatuses(client: TalkClient, turnId: number): [string, string][] {
  return toolMessages(client, turnId).flatMap((m) =>
    m.type === 'tool.result' ? [[m.name, m.status] as [string, string]] : [],
  );
}

/** A relay at a fake model, with a client, for a describe block. */
export interface ToolRelay {
  model: FakeToolModel;
  relay: TestRelay;
  client: TalkClient;
}

/**
 * For a describe block: a relay whose turns may call `tools`, at a fake `vendor` model (`env`
 * over its settings), and a client; the model's script is emptied before each test.
 */
export function useToolRelay(
  vendor: 'openai' | 'anthropic',
  tools: readonly Tool[],
  env: Record<string, string> = {},
): ToolRelay {
  const ctx = {} as ToolRelay;
  beforeAll(async () => {
    ctx.model = await startToolModel(vendor);
    ctx.relay = await startTestRelay({ ...ctx.model.env, ...env }, { tools: toolSource(...tools) });
    ctx.client = await TalkClient.connect(ctx.relay.wsUrl);
  });
  afterAll(async () => {
    ctx.client.close();
    await ctx.relay.close();
    await ctx.model.close();
  });
  beforeEach(() => {
    ctx.model.script = [];
  });
  return ctx;
}
