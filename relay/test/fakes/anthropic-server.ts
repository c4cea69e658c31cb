import type { Fault } from './faults.ts';
import { startFakeHttp, type FakeHttpServer } from './fake-http.ts';
import { piecesOf, wordsOf, type FakeLlmStep } from './llm-script.ts';
import type { FakeChatMessage } from './openai-server.ts';
import { writeStream } from './stream-faults.ts';

/** A content block as Anthropic takes it. */
type WireBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean };

interface MessagesBody {
  model: string;
  system?: string;
  messages: { role: string; content: string | WireBlock[] }[];
  tools?: { name: string; description?: string; input_schema?: { type?: string } }[];
  max_tokens: number;
  stream?: boolean;
}

export interface FakeAnthropic extends FakeHttpServer {
  setFault(fault: Fault): void;
  bodies(): MessagesBody[];
  /**
   * The reply to a request, given each message's text (blocks: their texts and tool results'
   * contents, joined). Default: what the last message says.
   */
  reply: (messages: FakeChatMessage[]) => string;
  /**
   * What the next requests are answered with, one step each (taken from the front); empty:
   * `reply`. A step may call tools, streamed as tool_use blocks one after another.
   */
  script: FakeLlmStep[];
  intervalMs: number;
  /**
   * The model's context (tokens): a request whose input does not fit is refused as Anthropic
   * refuses it (400 `invalid_request_error`, "prompt is too long: N tokens > M maximum").
   * Default: no limit.
   */
  contextTokens: number;
}

const event = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * A local server speaking Anthropic's Messages streaming protocol: named SSE events
 * (`message_start`, `content_block_delta` with `text_delta`, `message_delta` with usage,
 * `message_stop`, `ping`), its error shapes (`overloaded_error` on 529…), with faults.
 */
export async function startFakeAnthropic(options: { apiKey: string }): Promise<FakeAnthropic> {
  let fault: Fault = { kind: 'none' };
  const http = await startFakeHttp(async (req, res) => {
    const json = (status: number, body: object, headers: Record<string, string> = {}) =>
      res
        .writeHead(status, { 'Content-Type': 'application/json', ...headers })
        .end(JSON.stringify(body));
    if (req.headers['x-api-key'] !== options.apiKey) {
      json(401, {
        type: 'error',
        error: { type: 'authentication_error', message: 'invalid x-api-key' },
      });
      return;
    }
    if (!req.headers['anthropic-version']) {
      json(400, {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'anthropic-version header is required' },
      });
      return;
    }
    if (req.method === 'GET' && req.path.split('?')[0] === '/v1/models') {
      json(200, {
        data: [
          {
            type: 'model',
            id: 'claude-fake',
            display_name: 'Claude Fake',
            created_at: '2025-01-01T00:00:00Z',
          },
        ],
        has_more: false,
        first_id: 'claude-fake',
        last_id: 'claude-fake',
      });
      return;
    }
    if (req.method !== 'POST' || req.path !== '/v1/messages') {
      json(404, { type: 'error', error: { type: 'not_found_error', message: 'Not found' } });
      return;
    }
    if (fault.kind === 'status') {
      const type =
        fault.status === 429
          ? 'rate_limit_error'
          : fault.status === 529
            ? 'overloaded_error'
            : 'api_error';
      const retry =
        fault.retryAfterS === undefined ? {} : { 'retry-after': String(fault.retryAfterS) };
      json(fault.status, { type: 'error', error: { type, message: type } }, retry);
      return;
    }
    const body = JSON.parse(req.body.toString('utf8')) as MessagesBody;
    const refused = refusedMessages(body);
    if (refused) {
      json(400, { type: 'error', error: { type: 'invalid_request_error', message: refused } });
      return;
    }
    const messages = body.messages.map((m) => ({ role: m.role, content: textOf(m.content) }));
    const step = fake.script.shift() ?? { text: fake.reply(messages) };
    const words = wordsOf(step.text ?? '');
    const calls = step.toolCalls ?? [];
    const input = body.messages.reduce(
      (n, m) => n + Math.ceil(textOf(m.content).length / 4),
      10 + (body.tools ? Math.ceil(JSON.stringify(body.tools).length / 4) : 0),
    );
    if (input > fake.contextTokens) {
      json(400, {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: `prompt is too long: ${input} tokens > ${fake.contextTokens} maximum`,
        },
      });
      return;
    }
    const id = `msg_fake${fake.requests.length}`;
    const textBlocks = words.length > 0 ? 1 : 0;
    const toolBlocks = calls.flatMap((call, k) => {
      const index = textBlocks + k;
      return [
        event('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: {
            type: 'tool_use',
            id: call.id ?? `toolu_fake${fake.requests.length}_${k}`,
            name: call.name,
            input: {},
          },
        }),
        ...piecesOf(call.arguments, call.pieces).map((partial_json) =>
          event('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'input_json_delta', partial_json },
          }),
        ),
        event('content_block_stop', { type: 'content_block_stop', index }),
      ];
    });
    const textBlock =
      textBlocks === 0
        ? []
        : [
            event('content_block_start', {
              type: 'content_block_start',
              index: 0,
              content_block: { type: 'text', text: '' },
            }),
            event('ping', { type: 'ping' }),
            ...words.map((w) =>
              event('content_block_delta', {
                type: 'content_block_delta',
                index: 0,
                delta: { type: 'text_delta', text: w },
              }),
            ),
            event('content_block_stop', { type: 'content_block_stop', index: 0 }),
          ];
    const events = [
      event('message_start', {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          content: [],
          model: body.model,
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: input, output_tokens: 1 },
        },
      }),
      ...textBlock,
      ...toolBlocks,
      event('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: calls.length > 0 ? 'tool_use' : 'end_turn', stop_sequence: null },
        usage: { output_tokens: words.length + toolBlocks.length },
      }),
      event('message_stop', { type: 'message_stop' }),
    ];
    await writeStream(
      res,
      fault,
      () =>
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' }),
      events,
      {
        malformed: 'event: content_block_delta\ndata: {"type": "content_bl\n\n',
        intervalMs: fake.intervalMs,
      },
    );
  });
  const fake: FakeAnthropic = Object.assign(http, {
    setFault: (f: Fault) => void (fault = f),
    bodies: () =>
      http.requests
        .filter((r) => r.path === '/v1/messages')
        .map((r) => JSON.parse(r.body.toString('utf8')) as MessagesBody),
    reply: (messages: FakeChatMessage[]) => `Claude heard: ${messages.at(-1)?.content ?? ''}.`,
    script: [],
    intervalMs: 5,
    contextTokens: Number.POSITIVE_INFINITY,
  });
  return fake;
}

/** A message's text: its blocks' texts and tool results' contents, joined by a space. */
function textOf(content: string | WireBlock[]): string {
  if (typeof content === 'string') return content;
  return content
    .flatMap((b) => (b.type === 'text' ? [b.text] : b.type === 'tool_result' ? [b.content] : []))
    .join(' ');
}

/**
 * Why Anthropic would refuse a request's messages or tools (400), as it says it; null: fine.
 * Roles alternate from the user's; each `tool_use` is answered by a `tool_result` in the user's
 * message right after it, and every `tool_result` answers a `tool_use` of the message before.
 */
function refusedMessages(body: MessagesBody): string | null {
  for (const t of body.tools ?? [])
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(t.name) || t.input_schema?.type !== 'object')
      return `tools: '${t.name}' needs a valid name and an input_schema of type object`;
  const roles = body.messages.map((m) => m.role).join(',');
  if (body.messages[0]?.role !== 'user' || /user,user|assistant,assistant/.test(roles))
    return 'messages: roles must alternate';
  let open: string[] = [];
  for (const [i, m] of body.messages.entries()) {
    const blocks = typeof m.content === 'string' ? [] : m.content;
    const results = blocks.flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : []));
    const stray = results.find((r) => !open.includes(r));
    if (stray)
      return `messages.${i}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${stray}`;
    const unanswered = open.filter((u) => !results.includes(u));
    if (unanswered.length > 0)
      return `messages.${i - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(', ')}`;
    open = blocks.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
  }
  return null;
}
