import type { ProviderInfo } from '@parley/shared';
import type {
  ChatMessage,
  LlmOutput,
  LlmProvider,
  LlmChainRequest,
} from '../../../src/providers/stages/llm.ts';
import type { FakeLlmStep } from '../llm-script.ts';
import { delayed, untilAborted } from './asr.ts';

export interface FakeLlmOptions {
  /** The reply, streamed word by word: always the same, or the answer to the messages. */
  reply: string | ((messages: readonly ChatMessage[]) => string);
  /** Request → first token (ms). */
  firstTokenDelayMs: number;
  /** Between later tokens (ms); 0 streams them back to back (one macrotask apart). */
  tokenIntervalMs: number;
  /** Whether it keeps the tools each request offered in {@link FakeLlm.toolsOffered} (default yes). */
  records?: boolean;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));
const words = (text: string) => text.split(/(?<= )/);

/** A language model that says `reply`, with a fixed first-token latency. */
export class FakeLlm implements LlmProvider {
  readonly info: ProviderInfo = { id: 'fake-llm', label: 'Fake LLM (in-process fake)' };
  /** Requests served (counter for the bench). */
  requests = 0;
  /** Streams started and not closed yet: one left open after its turn is a leak. */
  open = 0;
  /** The messages of the latest request (the history, then the user's words). */
  lastMessages: readonly ChatMessage[] = [];
  /**
   * After this many tokens the reply is still being written: the stream yields nothing more
   * until it is aborted. Null (the default): the whole reply.
   */
  holdAfterTokens: number | null = null;
  /**
   * What the next requests are answered with, one step each (taken from the front), tool calls
   * included; empty: `reply`.
   */
  script: FakeLlmStep[] = [];
  /** The tools offered in each request, by name. */
  readonly toolsOffered: string[][] = [];
  private readonly tokens: string[] | null;

  constructor(private readonly options: FakeLlmOptions) {
    this.tokens = typeof options.reply === 'string' ? words(options.reply) : null;
  }

  async *stream(request: LlmChainRequest): AsyncGenerator<LlmOutput> {
    this.requests++;
    this.open++;
    this.lastMessages = request.messages;
    if (this.options.records !== false)
      this.toolsOffered.push((request.tools ?? []).map((t) => t.name));
    const step = this.script.shift();
    try {
      request.onServed?.(this.info);
      const { reply, firstTokenDelayMs, tokenIntervalMs } = this.options;
      const tokens = step
        ? step.text === undefined
          ? []
          : words(step.text)
        : (this.tokens ?? words(typeof reply === 'string' ? reply : reply(request.messages)));
      await delayed(firstTokenDelayMs, request.signal);
      for (const [i, text] of tokens.entries()) {
        if (i === this.holdAfterTokens) await untilAborted(request.signal);
        if (i > 0) {
          if (tokenIntervalMs > 0) await delayed(tokenIntervalMs, request.signal);
          else await nextTick();
        }
        request.signal.throwIfAborted();
        yield { type: 'text', text };
      }
      for (const [i, call] of (step?.toolCalls ?? []).entries())
        yield {
          type: 'tool-call',
          id: call.id ?? `call_${this.requests}_${i}`,
          name: call.name,
          arguments: call.arguments,
        };
      yield { type: 'usage', inputTokens: 50, outputTokens: tokens.length };
    } finally {
      this.open--;
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
