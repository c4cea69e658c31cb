import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../log/logger.ts';
import type { ChatMessage, LlmEvent, LlmOutput, LlmProvider, LlmRequest } from '../stages/llm.ts';
import { FailoverLlm } from './failover-llm.ts';
import { ProviderSlot } from './provider-slot.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A model in memory that says what it sends, then answers or never does. */
class Model implements LlmProvider {
  readonly info;
  asked: LlmRequest[] = [];
  constructor(
    id: string,
    private readonly answers: boolean,
  ) {
    this.info = { id, label: id };
  }

  async *stream(request: LlmRequest): AsyncGenerator<LlmEvent> {
    this.asked.push(request);
    yield {
      type: 'prompt',
      messages: [{ role: 'system', content: this.info.id }, ...request.messages],
    };
    if (!this.answers)
      await new Promise((_, reject) =>
        request.signal.addEventListener('abort', () => reject(request.signal.reason as Error), {
          once: true,
        }),
      );
    yield { type: 'text', text: `${this.info.id} says hi` };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('FailoverLlm', () => {
  it('keeps the hooks to itself: a prompt reported meets no deadline, is told to onPrompt, and is not passed on', async () => {
    const [slow, quick] = [new Model('slow', false), new Model('quick', true)];
    const slots = [slow, quick].map(
      (m, rank) => new ProviderSlot('llm', rank, m, { failureThreshold: 3, now: Date.now }),
    );
    const llm = new FailoverLlm(slots, { firstMs: 1000, stallMs: 10 }, logger('test:llm'));
    const prompts: string[] = [];
    const out: LlmOutput[] = [];
    const messages: ChatMessage[] = [{ role: 'user', content: 'hello' }];
    const run = (async () => {
      for await (const e of llm.stream({
        messages,
        signal: new AbortController().signal,
        onPrompt: (sent) => prompts.push(sent[0]?.content ?? ''),
      }))
        out.push(e);
    })();
    // Past the stall deadline: a prompt is no first token, so the slow model still has its 1 s.
    await vi.advanceTimersByTimeAsync(500);
    expect(quick.asked).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(600);
    await run;
    expect(out).toEqual([{ type: 'text', text: 'quick says hi' }]);
    expect(prompts).toEqual(['slow', 'quick']);
    // The adapters get the request alone: none of the caller's hooks.
    expect(Object.keys(quick.asked[0] ?? {}).sort()).toEqual(['messages', 'signal']);
  });
});

/** A model in memory that answers with `events`, then fails with `error` (if any). */
class Scripted implements LlmProvider {
  readonly info;
  asked: LlmRequest[] = [];
  constructor(
    id: string,
    private readonly events: readonly LlmEvent[],
    private readonly error?: Error,
  ) {
    this.info = { id, label: id };
  }

  async *stream(request: LlmRequest): AsyncGenerator<LlmEvent> {
    this.asked.push(request);
    for (const e of this.events) yield await Promise.resolve(e);
    if (this.error) throw this.error;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('FailoverLlm and tool calls (issue 48)', () => {
  const chain = (...models: Scripted[]) =>
    new FailoverLlm(
      models.map(
        (m, rank) => new ProviderSlot('llm', rank, m, { failureThreshold: 3, now: Date.now }),
      ),
      { firstMs: 1000, stallMs: 100 },
      logger('test:llm'),
    );
  const ADD = {
    name: 'add',
    description: 'Adds.',
    inputSchema: { type: 'object' as const, properties: {} },
  };
  const read = async (llm: FailoverLlm, into: LlmOutput[]) => {
    for await (const e of llm.stream({
      messages: [{ role: 'user', content: 'add' }],
      tools: [ADD],
      signal: new AbortController().signal,
    }))
      into.push(e);
  };
  const call = { type: 'tool-call', id: 'c1', name: 'add', arguments: '{}' } as const;

  it('passes the tools to its provider and the call on, keeping its progress to itself', async () => {
    const model = new Scripted('one', [{ type: 'progress' }, { type: 'progress' }, call]);
    const out: LlmOutput[] = [];
    await read(chain(model), out);
    expect(out).toEqual([call]);
    expect(model.asked[0]?.tools).toEqual([ADD]);
  });

  it('is committed by a tool call: a failure after one is thrown, with no second provider asked', async () => {
    const [first, second] = [
      new Scripted('first', [call], new Error('connection reset')),
      new Scripted('second', [{ type: 'text', text: 'hi' }]),
    ];
    const out: LlmOutput[] = [];
    await expect(read(chain(first, second), out)).rejects.toThrow('connection reset');
    expect(out).toEqual([call]);
    expect(second.asked).toHaveLength(0);
  });

  it('passes over a provider that fails while a call streams (nothing came whole, nothing ran)', async () => {
    const [first, second] = [
      new Scripted('first', [{ type: 'progress' }], new Error('connection reset')),
      new Scripted('second', [call]),
    ];
    const out: LlmOutput[] = [];
    await read(chain(first, second), out);
    expect(out).toEqual([call]);
  });

  it('counts a call’s progress against its deadlines: a call streaming slowly is not a stall', async () => {
    /** Pieces 60 ms apart (the stall deadline is 100 ms), 300 ms in all. */
    class Slow extends Scripted {
      override async *stream(request: LlmRequest): AsyncGenerator<LlmEvent> {
        for (let i = 0; i < 5; i++) {
          await new Promise((r) => setTimeout(r, 60));
          yield { type: 'progress' };
        }
        yield* super.stream(request);
      }
    }
    const out: LlmOutput[] = [];
    const run = read(chain(new Slow('slow', [call])), out);
    await vi.advanceTimersByTimeAsync(400);
    await run;
    expect(out).toEqual([call]);
  });
});
