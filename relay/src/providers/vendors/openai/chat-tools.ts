import type { ToolSpec } from '../../../tools/tool.ts';
import type { ChatMessage, ToolCall } from '../../stages/llm.ts';

/** A message as OpenAI's chat completions take it, tool calls and results included. */
export type OpenAiChatMessage =
  | { role: 'system' | 'user'; content: string }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls?: {
        id: string;
        type: 'function';
        function: { name: string; arguments: string };
      }[];
    }
  | { role: 'tool'; tool_call_id: string; content: string };

/** One piece of a streamed tool call: `index` says which call of the answer it belongs to. */
export interface ToolCallDelta {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: unknown };
}

/** Our messages in OpenAI's chat format: an assistant's tool calls, and each result by its id. */
export function openAiMessages(messages: readonly ChatMessage[]): OpenAiChatMessage[] {
  return messages.map((m): OpenAiChatMessage => {
    switch (m.role) {
      case 'system':
      case 'user':
        return { role: m.role, content: m.content };
      case 'assistant':
        if (!m.toolCalls?.length) return { role: 'assistant', content: m.content };
        return {
          role: 'assistant',
          // OpenAI wants null, not '', for an assistant that only called tools.
          content: m.content === '' ? null : m.content,
          tool_calls: m.toolCalls.map((c) => ({
            id: c.id,
            type: 'function',
            function: { name: c.name, arguments: c.arguments },
          })),
        };
      case 'tool':
        return { role: 'tool', tool_call_id: m.callId, content: m.content };
    }
  });
}

/** The request's `tools`, in OpenAI's function format; absent when there are none. */
export function openAiTools(tools: readonly ToolSpec[] | undefined): object {
  if (!tools?.length) return {};
  return {
    tools: tools.map((t) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: t.inputSchema },
    })),
  };
}

/**
 * Puts a streamed answer's tool calls together: their deltas come keyed by `index` (several
 * calls may be in flight at once, their pieces interleaved), the id and name in the first, the
 * arguments split across many. The calls are whole when the choice finishes (or the stream
 * ends): {@link take} gives them, in index order, once.
 */
export class ToolCallAssembly {
  private readonly calls = new Map<number, { id: string; name: string; arguments: string }>();

  add(deltas: readonly ToolCallDelta[]): void {
    for (const [position, d] of deltas.entries()) {
      // A server that sends each call whole may leave out its index: its place in the list.
      const index = typeof d.index === 'number' ? d.index : position;
      const call = this.calls.get(index) ?? { id: '', name: '', arguments: '' };
      this.calls.set(index, call);
      if (typeof d.id === 'string' && d.id !== '') call.id = d.id;
      const fn = d.function;
      // The name comes whole, in a call's first delta (some servers repeat it in each).
      if (typeof fn?.name === 'string' && call.name === '') call.name = fn.name;
      const args = fn?.arguments;
      // Some servers send the arguments as an object rather than JSON text.
      if (typeof args === 'string') call.arguments += args;
      else if (args !== undefined && args !== null) call.arguments += JSON.stringify(args);
    }
  }

  /** The calls put together so far, in index order; none again after. */
  take(): ToolCall[] {
    const calls = [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      // A server that gives no id (some local ones): one the result can still refer to.
      .map(([index, c]) => ({ ...c, id: c.id === '' ? `call_${index}` : c.id }));
    this.calls.clear();
    return calls;
  }
}
