import type { ProviderInfo } from '@parley/shared';
import type { LlmEvent, LlmProvider, LlmRequest } from '../../../src/providers/types.ts';
import { delayed } from './asr.ts';

export interface FakeLlmOptions {
  /** The reply, streamed word by word. */
  reply: string;
  /** Request → first token (ms). */
  firstTokenDelayMs: number;
  /** Between later tokens (ms); 0 streams them back to back (one macrotask apart). */
  tokenIntervalMs: number;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A language model that always says `reply`, with a fixed first-token latency. */
export class FakeLlm implements LlmProvider {
  readonly info: ProviderInfo = { id: 'fake-llm', label: 'Fake LLM (in-process fake)' };
  /** Requests served (counter for the bench). */
  requests = 0;
  private readonly tokens: string[];

  constructor(private readonly options: FakeLlmOptions) {
    this.tokens = options.reply.split(/(?<= )/);
  }

  async *stream(request: LlmRequest): AsyncGenerator<LlmEvent> {
    this.requests++;
    request.onServed?.(this.info);
    const { firstTokenDelayMs, tokenIntervalMs } = this.options;
    await delayed(firstTokenDelayMs, request.signal);
    for (const [i, text] of this.tokens.entries()) {
      if (i > 0) {
        if (tokenIntervalMs > 0) await delayed(tokenIntervalMs, request.signal);
        else await nextTick();
      }
      request.signal.throwIfAborted();
      yield { type: 'text', text };
    }
    yield { type: 'usage', inputTokens: 50, outputTokens: this.tokens.length };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
