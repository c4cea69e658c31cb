import type { ToolSpec } from '../../../tools/tool.ts';
import type { ChatMessage } from '../../stages/llm.ts';

/** A block of a message's content, as Anthropic's Messages API takes it. */
export type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean };

/** A message as sent: plain text, or blocks when it carries tool calls or results. */
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string | AnthropicBlock[];
}

/**
 * Anthropic wants user/assistant turns that alternate and start with the user: consecutive
 * messages of one role are merged (texts joined by a line), system messages dropped (the system
 * prompt is separate). An assistant's tool calls become `tool_use` blocks; a tool's result a
 * `tool_result` block of the user's turn that follows — one whose call was dropped with the
 * messages before the first user's is dropped too (Anthropic refuses a result of no call).
 * Messages with no blocks but text are sent as a plain string.
 */
export function alternating(messages: readonly ChatMessage[]): AnthropicMessage[] {
  const turns: { role: 'user' | 'assistant'; blocks: AnthropicBlock[] }[] = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    const blocks = blocksOf(m);
    if (blocks.length === 0) continue;
    const last = turns.at(-1);
    if (last?.role !== role) {
      turns.push({ role, blocks });
      continue;
    }
    for (const block of blocks) {
      const end = last.blocks.at(-1);
      if (end?.type === 'text' && block.type === 'text') end.text += `\n${block.text}`;
      else last.blocks.push(block);
    }
  }
  while (turns[0]?.role === 'assistant') turns.shift();
  const called = new Set<string>();
  const out: AnthropicMessage[] = [];
  for (const turn of turns) {
    const blocks = turn.blocks.filter((b) => {
      if (b.type === 'tool_use') called.add(b.id);
      return b.type !== 'tool_result' || called.has(b.tool_use_id);
    });
    if (blocks.length === 0) continue;
    const only = blocks.length === 1 ? blocks[0] : undefined;
    out.push({ role: turn.role, content: only?.type === 'text' ? only.text : blocks });
  }
  return out;
}

function blocksOf(m: ChatMessage): AnthropicBlock[] {
  if (m.role === 'tool')
    return [
      {
        type: 'tool_result',
        tool_use_id: m.callId,
        content: m.content,
        ...(m.isError ? { is_error: true } : {}),
      },
    ];
  const text: AnthropicBlock[] = m.content.trim() === '' ? [] : [{ type: 'text', text: m.content }];
  if (m.role !== 'assistant' || !m.toolCalls) return text;
  return [
    ...text,
    ...m.toolCalls.map((c): AnthropicBlock => ({
      type: 'tool_use',
      id: c.id,
      name: c.name,
      input: inputOf(c.arguments),
    })),
  ];
}

/**
 * A call's arguments as the object Anthropic's `tool_use.input` must be: arguments that were not
 * a JSON object (the model's mistake, which its result told it about) go back as `{}`.
 */
function inputOf(args: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(args);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Not JSON: sent as no arguments.
  }
  return {};
}

/** The request's `tools`, in Anthropic's format; absent when there are none. */
export function anthropicTools(tools: readonly ToolSpec[] | undefined): object {
  if (!tools?.length) return {};
  return {
    tools: tools.map((t) => ({
      name: t.name,
      description: t.description,
      input_schema: t.inputSchema,
    })),
  };
}
