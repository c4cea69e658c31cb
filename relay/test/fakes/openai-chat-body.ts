// The chat request's body as the fake OpenAI server reads it: its shape, what OpenAI refuses of
// its tools, and the prompt tokens the fake reports for it.

/** A chat message as OpenAI takes it (tool calls and results included). */
export interface WireChatMessage {
  role: string;
  content: string | null;
  tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export interface ChatBody {
  model: string;
  messages: WireChatMessage[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: object } }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

/** OpenAI's tool names: what it accepts in `tools`. */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Why OpenAI would refuse a request's tools or tool messages (400), as it says it; null: fine.
 * Every assistant's tool calls must be answered by tool messages right after it, one per call id,
 * and a tool message must answer a call of the assistant before it.
 */
export function refusedTools(body: ChatBody): string | null {
  for (const t of body.tools ?? []) {
    if (t.type !== 'function' || !TOOL_NAME.test(t.function.name))
      return `Invalid 'tools': function name '${t.function.name}' must match ${TOOL_NAME.source}.`;
    if (typeof t.function.parameters !== 'object')
      return `Invalid 'tools': '${t.function.name}' has no parameters schema.`;
  }
  let open = new Set<string>();
  for (const m of body.messages) {
    if (m.role === 'tool') {
      if (!m.tool_call_id || !open.has(m.tool_call_id))
        return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
      open.delete(m.tool_call_id);
      continue;
    }
    if (open.size > 0)
      return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(', ')}`;
    open = new Set((m.role === 'assistant' ? (m.tool_calls ?? []) : []).map((c) => c.id));
  }
  if (open.size > 0)
    return `The following tool_call_ids did not have response messages: ${[...open].join(', ')}`;
  return null;
}

/**
 * The prompt tokens the fake's usage chunk reports for a request: a token per four characters of
 * each message (its tool calls included) and four for its framing, and the tools' specs.
 */
export function promptTokensOf(body: Pick<ChatBody, 'messages' | 'tools'>): number {
  return body.messages.reduce(
    (n, m) =>
      n +
      Math.ceil(
        ((m.content ?? '') + (m.tool_calls ? JSON.stringify(m.tool_calls) : '')).length / 4,
      ) +
      4,
    body.tools ? Math.ceil(JSON.stringify(body.tools).length / 4) : 0,
  );
}
