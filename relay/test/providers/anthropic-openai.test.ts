import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnthropicLlm } from '../../src/providers/vendors/anthropic/messages.ts';
import { ProviderError } from '../../src/providers/net/provider-error.ts';
import { OpenAiChatLlm } from '../../src/providers/vendors/openai/chat.ts';
import { OpenAiTranscriptionAsr } from '../../src/providers/vendors/openai/transcription.ts';
import type { LlmEvent, LlmProvider } from '../../src/providers/stages/llm.ts';
import type { ToolSpec } from '../../src/tools/tool.ts';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.ts';
import type { Fault } from '../fakes/faults.ts';
import type { FakeLlmStep } from '../fakes/llm-script.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.ts';
import { collect } from '../conformance/conformance-kit.ts';
import { llmConformance } from '../conformance/llm-conformance.ts';

const KEY = 'sk-test-key-0123456789';

async function drain(llm: LlmProvider, signal = new AbortController().signal) {
  const events: LlmEvent[] = [];
  try {
    for await (const e of llm.stream({
      messages: [{ role: 'user', content: 'hi there' }],
      signal,
    })) {
      events.push(e);
    }
    return { events, error: null };
  } catch (error) {
    return { events, error };
  }
}

/** A tool the model may call. */
const ADD: ToolSpec = {
  name: 'add',
  description: 'Adds two numbers.',
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
};

const live = () => AbortSignal.timeout(10_000);

const kind = (e: unknown) => (e instanceof ProviderError ? e.kind : (e as Error | null)?.name);

describe('AnthropicLlm against a server speaking the Messages stream', () => {
  let fake: FakeAnthropic;
  let llm: AnthropicLlm;
  beforeAll(async () => {
    fake = await startFakeAnthropic({ apiKey: KEY });
    llm = new AnthropicLlm({
      apiKey: KEY,
      baseUrl: fake.url,
      model: 'claude-fake',
      systemPrompt: 'Be brief.',
      maxTokens: 50,
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.setFault({ kind: 'none' }));

  it('streams text deltas and reports usage from message_start and message_delta', async () => {
    const { events, error } = await drain(llm);
    expect(error).toBeNull();
    expect(events.map((e) => (e.type === 'text' ? e.text : '')).join('')).toBe(
      'Claude heard: hi there.',
    );
    expect(events.at(-1)).toEqual({ type: 'usage', inputTokens: 12, outputTokens: 4 });
    expect(fake.bodies().at(-1)).toMatchObject({
      model: 'claude-fake',
      max_tokens: 50,
      stream: true,
    });
    expect(fake.requests.at(-1)?.headers['anthropic-version']).toBe('2023-06-01');
  });

  it.each<[string, Fault, string]>([
    ['overloaded (529)', { kind: 'status', status: 529 }, 'http'],
    ['a malformed event', { kind: 'malformed', afterChunks: 4 }, 'protocol'],
    ['a dropped connection', { kind: 'reset', afterChunks: 4 }, 'network'],
  ])('fails on %s with the matching error kind', async (_n, fault, expected) => {
    fake.setFault(fault);
    const { error } = await drain(llm);
    expect(kind(error)).toBe(expected);
    await expect.poll(() => fake.openResponses).toBe(0);
  });

  it('tells a prompt too long for the model apart from a failure, with its context size', async () => {
    fake.contextTokens = 8;
    try {
      const { error } = await drain(llm);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({
        kind: 'http',
        status: 400,
        contextExceeded: true,
        contextTokens: 8,
      });
    } finally {
      fake.contextTokens = Number.POSITIVE_INFINITY;
    }
    // Any other refusal of the request is no such thing.
    fake.setFault({ kind: 'status', status: 400 });
    expect((await drain(llm)).error).toMatchObject({ status: 400, contextExceeded: false });
  });

  it('refuses a wrong key as an auth failure, without the key in the message', async () => {
    const wrong = new AnthropicLlm({
      apiKey: 'sk-wrong-wrong',
      baseUrl: fake.url,
      model: 'm',
      systemPrompt: '',
      maxTokens: 5,
    });
    const { error } = await drain(wrong);
    expect(kind(error)).toBe('auth');
    expect(String(error)).not.toContain('sk-wrong-wrong');
  });

  it('sends tools with their input schema, and a tool_use block as progress until it stops', async () => {
    fake.script = [{ toolCalls: [{ name: 'add', arguments: '{"a":1,"b":2}', pieces: 3 }] }];
    const events = await collect(
      llm.stream({ messages: [{ role: 'user', content: 'add' }], tools: [ADD], signal: live() }),
    );
    expect(fake.bodies().at(-1)?.tools).toEqual([
      { name: 'add', description: ADD.description, input_schema: ADD.inputSchema },
    ]);
    // The block's start and its three pieces keep a failover chain's deadlines met.
    expect(events.filter((e) => e.type === 'progress')).toHaveLength(4);
    expect(events.findIndex((e) => e.type === 'tool-call')).toBeGreaterThan(
      events.findLastIndex((e) => e.type === 'progress'),
    );
  });

  it('sends a turn without tools as it always did: no tools key, text content', async () => {
    await drain(llm);
    const body = fake.bodies().at(-1);
    expect(body).not.toHaveProperty('tools');
    expect(body?.messages).toEqual([{ role: 'user', content: 'hi there' }]);
  });

  it('closes a hung request when aborted', async () => {
    fake.setFault({ kind: 'hang' });
    const abort = new AbortController();
    const pending = drain(llm, abort.signal);
    await expect.poll(() => fake.openResponses).toBe(1);
    abort.abort();
    expect(kind((await pending).error)).toBe('AbortError');
    await expect.poll(() => fake.openResponses).toBe(0);
  });
});

describe('OpenAI-compatible chat and transcription', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi({ apiKey: KEY });
  });
  afterAll(() => fake.close());

  /** A local server's chat, asking for the usage chunk or not. */
  const localChat = (streamUsage: boolean) =>
    new OpenAiChatLlm({
      name: 'local',
      baseUrl: fake.baseUrl,
      apiKey: KEY,
      model: 'm',
      systemPrompt: 'x',
      maxTokens: 9,
      streamUsage,
    });

  it('estimates nothing when the server sends a usage chunk, and asks for none when told not to', async () => {
    const withUsage = await drain(localChat(true));
    expect(withUsage.events.some((e) => e.type === 'usage')).toBe(true);
    const without = await drain(localChat(false));
    expect(without.events.some((e) => e.type === 'usage')).toBe(false);
    expect(fake.chatBodies().at(-1)).not.toHaveProperty('stream_options');
  });

  it('sends tools as functions, and each tool_calls delta as progress until the choice finishes', async () => {
    const chat = localChat(true);
    fake.script = [{ toolCalls: [{ name: 'add', arguments: '{"a":1,"b":2}', pieces: 3 }] }];
    const events = await collect(
      chat.stream({ messages: [{ role: 'user', content: 'add' }], tools: [ADD], signal: live() }),
    );
    expect(fake.chatBodies().at(-1)?.tools).toEqual([
      {
        type: 'function',
        function: { name: 'add', description: ADD.description, parameters: ADD.inputSchema },
      },
    ]);
    // The call's head and its three pieces.
    expect(events.filter((e) => e.type === 'progress')).toHaveLength(4);
    await drain(chat);
    expect(fake.chatBodies().at(-1)).not.toHaveProperty('tools');
  });

  it('sends the utterance as a WAV file and returns the text; a broken body is a protocol error', async () => {
    const asr = new OpenAiTranscriptionAsr({
      name: 'openai',
      baseUrl: fake.baseUrl,
      apiKey: KEY,
      model: 'whisper-1',
      maxSamples: 16_000 * 60,
    });
    fake.transcript = 'good morning';
    const s = asr.start({ sampleRateHz: 16_000, signal: new AbortController().signal });
    s.write(new Int16Array(16_000));
    expect(await s.finish()).toEqual({ text: 'good morning', audioMs: 1000 });
    const body = fake.received('transcription').at(-1)?.body.toString('latin1') ?? '';
    expect(body).toContain('name="model"');
    expect(body).toContain('RIFF');
    fake.setFault('transcription', { kind: 'malformed', afterChunks: 0 });
    const broken = asr.start({ sampleRateHz: 16_000, signal: new AbortController().signal });
    broken.write(new Int16Array(1600));
    await expect(broken.finish()).rejects.toMatchObject({ kind: 'protocol' });
    fake.setFault('transcription', { kind: 'none' });
  });
});

/** Anthropic's Messages API against its fake doing `fault`, sending `key`, answering `script`. */
async function anthropicAt(fault: Fault, key = KEY, script: FakeLlmStep[] = []) {
  const server = await startFakeAnthropic({ apiKey: KEY });
  server.setFault(fault);
  server.script = script;
  const llm = new AnthropicLlm({
    apiKey: key,
    baseUrl: server.url,
    model: 'claude-fake',
    systemPrompt: 'Be brief.',
    maxTokens: 50,
  });
  return {
    llm,
    requests: () => server.requests.length,
    openConnections: () => server.openResponses,
    close: () => server.close(),
  };
}

/**
 * OpenAI's chat completions (or any server's that speaks them) against the fake doing `fault`,
 * answering `script`.
 */
async function chatAt(fault: Fault, key = KEY, script: FakeLlmStep[] = []) {
  const server = await startFakeOpenAi({ apiKey: KEY });
  server.setFault('chat', fault);
  server.script = script;
  const llm = new OpenAiChatLlm({
    name: 'openai',
    baseUrl: server.baseUrl,
    apiKey: key,
    model: 'fake-model',
    systemPrompt: 'Be brief.',
    maxTokens: 50,
    streamUsage: true,
  });
  return {
    llm,
    requests: () => server.received('chat').length,
    openConnections: () => server.openResponses,
    close: () => server.close(),
  };
}

llmConformance('AnthropicLlm', {
  start: () => anthropicAt({ kind: 'none' }),
  reportsPrompt: true,
  tools: { start: (script) => anthropicAt({ kind: 'none' }, KEY, script) },
  service: {
    start: anthropicAt,
    withWrongKey: async () => ({
      ...(await anthropicAt({ kind: 'none' }, 'sk-wrong-0b9f')),
      key: 'sk-wrong-0b9f',
    }),
  },
});

llmConformance('OpenAiChatLlm', {
  start: () => chatAt({ kind: 'none' }),
  reportsPrompt: true,
  tools: { start: (script) => chatAt({ kind: 'none' }, KEY, script) },
  service: {
    start: chatAt,
    withWrongKey: async () => ({
      ...(await chatAt({ kind: 'none' }, 'sk-wrong-0b9f')),
      key: 'sk-wrong-0b9f',
    }),
  },
});
