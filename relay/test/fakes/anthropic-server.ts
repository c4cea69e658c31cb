import type { Fault } from './faults.ts';
import { startFakeHttp, type FakeHttpServer } from './fake-http.ts';
import { writeStream } from './stream-faults.ts';

interface MessagesBody {
  model: string;
  system?: string;
  messages: { role: string; content: string }[];
  max_tokens: number;
  stream?: boolean;
}

export interface FakeAnthropic extends FakeHttpServer {
  setFault(fault: Fault): void;
  bodies(): MessagesBody[];
  reply: (messages: { role: string; content: string }[]) => string;
  intervalMs: number;
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
    const roles = body.messages.map((m) => m.role).join(',');
    if (body.messages[0]?.role !== 'user' || /user,user|assistant,assistant/.test(roles)) {
      json(400, {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'messages: roles must alternate' },
      });
      return;
    }
    const words = fake.reply(body.messages).match(/\S+\s*/g) ?? [];
    const input = body.messages.reduce((n, m) => n + Math.ceil(m.content.length / 4), 10);
    const id = `msg_fake${fake.requests.length}`;
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
      event('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: words.length },
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
    reply: (messages: { role: string; content: string }[]) =>
      `Claude heard: ${messages.at(-1)?.content ?? ''}.`,
    intervalMs: 5,
  });
  return fake;
}
