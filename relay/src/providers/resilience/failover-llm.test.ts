import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../log/logger.ts';
import type { ChatMessage, LlmEvent, LlmOutput, LlmProvider, LlmRequest } from '../types.ts';
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
