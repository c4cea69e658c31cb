import { llmConformance } from '../conformance/llm-conformance.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlamaCppLlm } from '../../src/providers/vendors/llama-cpp/llama-cpp.ts';
import { ProviderError } from '../../src/providers/net/provider-error.ts';
import type { ChatMessage, LlmEvent, LlmProvider } from '../../src/providers/stages/llm.ts';
import { writeTinyGguf } from '../fixtures/tiny-gguf.ts';

const MAX_TOKENS = 24;
// The tiny model never samples its end-of-turn token, so every answer runs to maxTokens; one
// thread, because spinning ggml threads on a loaded two-core runner are slower than one.
const LOAD = { contextSize: 512, maxTokens: MAX_TOKENS, threads: 1 } as const;

const chat = (user: string): ChatMessage[] => [
  { role: 'system', content: 'You are a test.' },
  { role: 'user', content: 'hello there' },
  { role: 'assistant', content: 'hi how are you' },
  { role: 'user', content: user },
];

interface Answer {
  texts: string[];
  usage: Extract<LlmEvent, { type: 'usage' }> | undefined;
  /** Events after the usage event (there must be none). */
  late: number;
}

async function collect(
  llm: LlmProvider,
  messages: readonly ChatMessage[],
  signal = new AbortController().signal,
): Promise<Answer> {
  const answer: Answer = { texts: [], usage: undefined, late: 0 };
  for await (const event of llm.stream({ messages, signal })) {
    if (answer.usage) answer.late++;
    if (event.type === 'text') answer.texts.push(event.text);
    else if (event.type === 'usage') answer.usage = event;
  }
  return answer;
}

let dir: string;
let modelPath: string;
/** The same model without a chat template (and quicker to load: nothing to match). */
let plainModelPath: string;
let llm: LlamaCppLlm;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-llama-'));
  modelPath = join(dir, 'tiny-test.gguf');
  plainModelPath = join(dir, 'no-template.gguf');
  await writeTinyGguf(modelPath);
  await writeTinyGguf(plainModelPath, { chatTemplate: null });
  llm = await LlamaCppLlm.load({ modelPath, ...LOAD });
});

afterAll(async () => {
  await llm.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('LlamaCppLlm', () => {
  it('names itself after the model file', () => {
    expect(llm.info).toEqual({ id: 'llama-cpp:tiny-test', label: 'Local model (tiny-test)' });
  });

  it('streams text as it is generated, then exact usage', async () => {
    const answer = await collect(llm, chat('what time is it'));
    expect(answer.texts.length).toBeGreaterThan(3);
    expect(answer.texts.every((t) => t !== '')).toBe(true);
    expect(answer.late).toBe(0);
    expect(answer.usage?.inputTokens).toBeGreaterThan(10);
    // Stopped by maxTokens: node-llama-cpp generated exactly that many tokens.
    expect(answer.usage?.outputTokens).toBe(MAX_TOKENS);
    // Greedy decoding of fixed weights: the same conversation gets the same answer.
    expect((await collect(llm, chat('what time is it'))).texts).toEqual(answer.texts);
  });

  it("counts input tokens with the model's tokenizer", async () => {
    const base = await collect(llm, chat('hello'));
    // In the fixture's vocabulary " hello" is one token and " zzz" four ("▁", "z", "z", "z").
    const oneMore = await collect(llm, chat('hello hello'));
    const fourMore = await collect(llm, chat('hello zzz'));
    expect(oneMore.usage!.inputTokens - base.usage!.inputTokens).toBe(1);
    expect(fourMore.usage!.inputTokens - base.usage!.inputTokens).toBe(4);
  });

  it('serves two requests at once without mixing them up', async () => {
    const aloneA = await collect(llm, chat('good day'));
    const aloneB = await collect(llm, chat('speak to the relay model'));
    const [a, b] = await Promise.all([
      collect(llm, chat('good day')),
      collect(llm, chat('speak to the relay model')),
    ]);
    expect(a).toEqual(aloneA);
    expect(b).toEqual(aloneB);
  });

  it('ends with an AbortError when aborted mid-answer, and stays usable', async () => {
    const controller = new AbortController();
    const texts: string[] = [];
    const stream = llm.stream({ messages: chat('listen'), signal: controller.signal });
    const consumed = (async () => {
      for await (const event of stream) {
        if (event.type !== 'text') continue;
        texts.push(event.text);
        if (texts.length === 2) controller.abort();
      }
    })();
    await expect(consumed).rejects.toMatchObject({ name: 'AbortError' });
    expect(texts).toHaveLength(2);

    const after = await collect(llm, chat('listen'));
    expect(after.usage?.outputTokens).toBe(MAX_TOKENS);
    expect(after.texts.slice(0, 2)).toEqual(texts);
  });

  it('leaves the line with an AbortError when aborted while waiting for a sequence', async () => {
    const controller = new AbortController();
    const first = collect(llm, chat('one'));
    const second = collect(llm, chat('two'), controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect((await first).usage?.outputTokens).toBe(MAX_TOKENS);
  });

  it('frees the sequence when the consumer stops early', async () => {
    for await (const event of llm.stream({
      messages: chat('hi'),
      signal: new AbortController().signal,
    })) {
      if (event.type === 'text') break;
    }
    expect((await collect(llm, chat('hi'))).usage?.outputTokens).toBe(MAX_TOKENS);
  });

  it('generates on parallel sequences when asked to', async () => {
    const parallel = await LlamaCppLlm.load({ modelPath, ...LOAD, parallel: 2 });
    try {
      const answers = await Promise.all([
        collect(parallel, chat('good day')),
        collect(parallel, chat('speak to the relay model')),
        collect(parallel, chat('yes')),
      ]);
      for (const answer of answers) {
        expect(answer.texts.length).toBeGreaterThan(3);
        expect(answer.usage?.outputTokens).toBe(MAX_TOKENS);
      }
    } finally {
      await parallel.close();
    }
  });

  it('prepends the system prompt and works without a chat template', async () => {
    const plain = await LlamaCppLlm.load({ modelPath: plainModelPath, ...LOAD });
    const prompted = await LlamaCppLlm.load({
      modelPath: plainModelPath,
      ...LOAD,
      systemPrompt: 'Answer in one short sentence.',
    });
    try {
      const messages = [{ role: 'user', content: 'what time is it' }] as const;
      const a = await collect(plain, messages);
      const b = await collect(prompted, messages);
      expect(a.texts.length).toBeGreaterThan(3);
      expect(a.usage?.outputTokens).toBe(MAX_TOKENS);
      expect(b.usage!.inputTokens).toBeGreaterThan(a.usage!.inputTokens + 5);
    } finally {
      await Promise.all([plain.close(), prompted.close()]);
    }
  });

  it('close() ends an answer in progress with a ProviderError, then refuses new ones', async () => {
    const other = await LlamaCppLlm.load({ modelPath: plainModelPath, ...LOAD });
    let closing: Promise<void> | undefined;
    const consumed = (async () => {
      for await (const event of other.stream({
        messages: chat('hi'),
        signal: new AbortController().signal,
      })) {
        if (event.type === 'text') closing ??= other.close();
      }
    })();
    await expect(consumed).rejects.toBeInstanceOf(ProviderError);
    await closing;
    await expect(collect(other, chat('hi'))).rejects.toBeInstanceOf(ProviderError);
  });
});

describe('a conversation that does not fit the context', () => {
  it("is refused as the request's fault, naming the context size, not as a broken model", async () => {
    // A long system prompt (the user's notes go in it) cannot be cut down to fit.
    const notes = Array.from({ length: 80 }, (_, i) => `note${i}`).join(' ');
    const small = await LlamaCppLlm.load({
      modelPath,
      ...LOAD,
      contextSize: 64,
      systemPrompt: notes,
    });
    try {
      const long = chat('what time is it');
      const refused = await collect(small, long).then(
        () => null,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(ProviderError);
      const err = refused as ProviderError;
      expect(err.contextExceeded).toBe(true);
      // The context llama.cpp made (it rounds the size asked for up to its own minimum).
      expect(err.contextTokens).toBeGreaterThanOrEqual(64);
      expect(err.message).toContain(
        `does not fit the model's context of ${String(err.contextTokens)} tokens`,
      );
      expect(err.message).toMatch(/LLAMA_CPP_CONTEXT_SIZE/);
    } finally {
      await small.close();
    }
  });
});

describe('LlamaCppLlm.load', () => {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const refusal = (path: string) =>
    new RegExp(`^LLM_MODEL_PATH=${escape(path)} is not a readable GGUF model: .+`);

  it('names the path when the file is missing', async () => {
    const path = join(dir, 'missing.gguf');
    await expect(LlamaCppLlm.load({ modelPath: path })).rejects.toThrow(refusal(path));
  });

  it('names the path when the file is not a model', async () => {
    const garbage = join(dir, 'garbage.gguf');
    writeFileSync(garbage, 'this is not a model\n'.repeat(100));
    await expect(LlamaCppLlm.load({ modelPath: garbage })).rejects.toThrow(refusal(garbage));
  });

  it('names the path when the model is truncated', async () => {
    const whole = join(dir, 'whole.gguf');
    await writeTinyGguf(whole);
    const bytes = readFileSync(whole);
    const cases = {
      'short.gguf': bytes.subarray(0, 20),
      'header.gguf': bytes.subarray(0, 30),
      // Garbage tensor and metadata counts: node-llama-cpp's own reader would spin forever.
      'counts.gguf': Buffer.concat([bytes.subarray(0, 8), Buffer.from('garbage!'.repeat(4))]),
      'metadata.gguf': bytes.subarray(0, 5_000),
      'tensors.gguf': bytes.subarray(0, bytes.length - 1_000),
    };
    for (const [name, content] of Object.entries(cases)) {
      const path = join(dir, name);
      writeFileSync(path, content);
      await expect(LlamaCppLlm.load({ modelPath: path })).rejects.toThrow(refusal(path));
    }
  });
});

// A model run in the relay calls no service: the contract of a service's failures does not apply.
llmConformance('LlamaCppLlm', {
  start: () => Promise.resolve({ llm, close: () => Promise.resolve() }),
  reportsPrompt: false,
});
