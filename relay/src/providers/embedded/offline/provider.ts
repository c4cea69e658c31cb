import { randomUUID } from 'node:crypto';
import type { LlmEvent, LlmProvider, LlmRequest } from '../../stages/llm.ts';
import { nextMove, OFFLINE_NOTICE, type ResponderContext } from './responder.ts';

/** Rough token count (words and punctuation), so usage is metered in units like a real LLM. */
function estimateTokens(text: string): number {
  return text.match(/[\p{L}\p{N}']+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;
}

/** The offline responder's provider id (what `ready` and the status page call it). */
export const OFFLINE_RESPONDER_ID = 'offline-responder';

/**
 * The embedded "LLM": streams the offline responder's answer word by word, yielding to the
 * event loop between words like a real token stream, and reports usage at the end.
 */
export class OfflineResponderLlm implements LlmProvider {
  readonly info = { id: OFFLINE_RESPONDER_ID, label: 'Offline responder', notice: OFFLINE_NOTICE };

  constructor(private readonly now: () => number = Date.now) {}

  async *stream(request: LlmRequest): AsyncIterable<LlmEvent> {
    const input = request.messages.reduce((n, m) => n + estimateTokens(m.content), 0);
    // What changes what is kept is called as a model calls it: the relay asks the user first.
    const offered = new Set((request.tools ?? []).map((t) => t.name));
    const move = await nextMove(request.messages, this.contextOf(request), offered);
    if ('call' in move) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      request.signal.throwIfAborted();
      const args = JSON.stringify(move.call.args);
      yield { type: 'tool-call', id: randomUUID(), name: move.call.name, arguments: args };
      yield { type: 'usage', inputTokens: input, outputTokens: estimateTokens(args) };
      return;
    }
    const answer = move.text;
    const pieces = answer.match(/\S+\s*/g) ?? [];
    for (const piece of pieces) {
      request.signal.throwIfAborted();
      await new Promise<void>((resolve) => setImmediate(resolve));
      yield { type: 'text', text: piece };
    }
    request.signal.throwIfAborted();
    yield { type: 'usage', inputTokens: input, outputTokens: estimateTokens(answer) };
  }

  private contextOf(request: LlmRequest): ResponderContext {
    return {
      now: this.now(),
      signal: request.signal,
      ...(request.timeZone === undefined ? {} : { timeZone: request.timeZone }),
      ...(request.language === undefined ? {} : { language: request.language }),
      ...(request.toolbox === undefined ? {} : { toolbox: request.toolbox }),
      ...(request.toolRuns === undefined ? {} : { toolRuns: request.toolRuns }),
    };
  }

  async close(): Promise<void> {}
}
