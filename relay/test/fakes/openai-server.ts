import type { Fault } from './faults.ts';
import {
  startFakeHttp,
  type FakeHttpServer,
  type FakeTls,
  type ReceivedRequest,
} from './fake-http.ts';
import { callDeltas, wordsOf, type FakeLlmStep } from './llm-script.ts';
import { promptTokensOf, refusedTools, type ChatBody } from './openai-chat-body.ts';

export { promptTokensOf } from './openai-chat-body.ts';
import { chunkBytes, toneBytes, writeStream } from './stream-faults.ts';

export type OpenAiRoute = 'chat' | 'transcription' | 'speech' | 'models';

/** A message as the fake's `reply` reads it: its role, and its text ('' for none). */
export interface FakeChatMessage {
  role: string;
  content: string;
}

export interface FakeOpenAi extends FakeHttpServer {
  /** `url` + `/v1`, as OPENAI_BASE_URL. */
  baseUrl: string;
  /** What every request to `route` does wrong from now on. */
  setFault(route: OpenAiRoute, fault: Fault): void;
  /** Bodies of the chat requests received, in order. */
  chatBodies(): ChatBody[];
  /** Requests received on a route. */
  received(route: OpenAiRoute): ReceivedRequest[];
  /** Epoch ms at which each chat response's first token was written (bench). */
  firstTokenAtMs: number[];
  /** Per chat response: the text of each token chunk and the epoch ms it was written at. */
  tokenLog: { text: string; atMs: number }[][];
  /** Epoch ms at which each speech response's first audio bytes were written (bench). */
  firstAudioAtMs: number[];
  /**
   * The reply to a chat request (default: echoes the last user message, or says the result of
   * the tool it called last).
   */
  reply: (messages: FakeChatMessage[]) => string;
  /**
   * What the next chat requests are answered with, one step each (taken from the front); empty:
   * `reply`. A step may call tools (see {@link FakeLlmStep}).
   */
  script: FakeLlmStep[];
  /**
   * With the script empty, what a chat request is answered with, by its messages (a step that
   * may call tools, as a model deciding on the conversation); absent: `reply`'s words.
   */
  answer?: (messages: FakeChatMessage[]) => FakeLlmStep;
  /** What transcription answers. */
  transcript: string;
  /** Pause between streamed chunks (ms). */
  intervalMs: number;
  /**
   * The model's context (tokens): a chat request whose prompt (`promptTokensOf`) does not fit
   * is refused as OpenAI refuses it (400, `context_length_exceeded`). Default: no limit.
   */
  contextTokens: number;
}

const ROUTES: Record<string, OpenAiRoute> = {
  'POST /v1/chat/completions': 'chat',
  'POST /v1/audio/transcriptions': 'transcription',
  'POST /v1/audio/speech': 'speech',
  'GET /v1/models': 'models',
};

const SPEECH_RATE_HZ = 24_000;
/** Audio the fake speaks per character of input (ms). */
const SPEECH_MS_PER_CHAR = 40;

const errorBody = (status: number) =>
  JSON.stringify({
    error: {
      message: status === 429 ? 'Rate limit reached for requests' : 'The server had an error',
      type: status === 429 ? 'requests' : 'server_error',
      param: null,
      code: status === 429 ? 'rate_limit_exceeded' : null,
    },
  });

/**
 * A local server speaking OpenAI's wire protocol — chat completions as SSE (`data:` chunks,
 * a usage chunk when asked, `data: [DONE]`), `/audio/transcriptions` (multipart in, JSON out),
 * `/audio/speech` (chunked raw PCM) and `/models` — with the faults of {@link Fault}.
 */
export async function startFakeOpenAi(
  options: {
    apiKey?: string;
    /**
     * The models it serves (`GET /models` lists them); a chat request for another is answered
     * 404 `model_not_found`, as OpenAI does. Default: `fake-model` listed, any model served.
     */
    models?: readonly string[];
    /** Serve HTTPS with this certificate (default: plain HTTP). */
    tls?: FakeTls;
  } = {},
): Promise<FakeOpenAi> {
  const faults = new Map<OpenAiRoute, Fault>();
  const http = await startFakeHttp(options.tls ? { tls: options.tls } : {}, async (req, res) => {
    const route = ROUTES[`${req.method} ${req.path.split('?')[0]}`];
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(errorBody(404));
      return;
    }
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          error: {
            message: 'Incorrect API key provided.',
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          },
        }),
      );
      return;
    }
    const fault = faults.get(route) ?? { kind: 'none' };
    if (fault.kind === 'status') {
      res
        .writeHead(fault.status, {
          'Content-Type': 'application/json',
          ...(fault.retryAfterS === undefined ? {} : { 'Retry-After': String(fault.retryAfterS) }),
        })
        .end(errorBody(fault.status));
      return;
    }
    switch (route) {
      case 'models':
        // Slow or silent when told to (a local server busy loading a model).
        await writeStream(
          res,
          fault,
          () => res.writeHead(200, { 'Content-Type': 'application/json' }),
          [
            JSON.stringify({
              object: 'list',
              data: (options.models ?? ['fake-model']).map((id) => ({
                id,
                object: 'model',
                created: 1_700_000_000,
                owned_by: 'fake',
              })),
            }),
          ],
          { malformed: '{"object": ', intervalMs: 0 },
        );
        return;
      case 'transcription': {
        const body = req.body.toString('latin1');
        if (!body.includes('RIFF') || !body.includes('name="model"')) {
          res.writeHead(400, { 'Content-Type': 'application/json' }).end(errorBody(400));
          return;
        }
        await writeStream(
          res,
          fault,
          () => res.writeHead(200, { 'Content-Type': 'application/json' }),
          [JSON.stringify({ text: fake.transcript })],
          { malformed: '{"text": ', intervalMs: 0 },
        );
        return;
      }
      case 'speech': {
        const { input } = JSON.parse(req.body.toString('utf8')) as { input: string };
        if (fault.kind === 'malformed' && fault.afterChunks === 0) {
          // What a misconfigured proxy or server does: 200 with JSON instead of audio.
          res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok": true}');
          return;
        }
        if (fault.kind === 'mislabelled') {
          res.writeHead(200, { 'Content-Type': 'audio/pcm' }).end(errorBody(500));
          return;
        }
        const audio = toneBytes(input.length * SPEECH_MS_PER_CHAR, SPEECH_RATE_HZ);
        await writeStream(
          res,
          fault,
          () => res.writeHead(200, { 'Content-Type': 'audio/pcm', 'Transfer-Encoding': 'chunked' }),
          chunkBytes(audio, 4800),
          {
            // Half a sample, then the end: audio cut mid-sample.
            malformed: Buffer.from([0x7f]),
            intervalMs: fake.intervalMs,
            onChunk: (i) => {
              if (i === 0) fake.firstAudioAtMs.push(performance.timeOrigin + performance.now());
            },
          },
        );
        return;
      }
      case 'chat': {
        const body = JSON.parse(req.body.toString('utf8')) as ChatBody;
        if (options.models && !options.models.includes(body.model)) {
          res.writeHead(404, { 'Content-Type': 'application/json' }).end(
            JSON.stringify({
              error: {
                message: `The model \`${body.model}\` does not exist or you do not have access to it.`,
                type: 'invalid_request_error',
                param: null,
                code: 'model_not_found',
              },
            }),
          );
          return;
        }
        const refused = refusedTools(body);
        if (refused) {
          res.writeHead(400, { 'Content-Type': 'application/json' }).end(
            JSON.stringify({
              error: {
                message: refused,
                type: 'invalid_request_error',
                param: 'messages',
                code: null,
              },
            }),
          );
          return;
        }
        const promptTokens = promptTokensOf(body);
        if (promptTokens > fake.contextTokens) {
          res.writeHead(400, { 'Content-Type': 'application/json' }).end(
            JSON.stringify({
              error: {
                message: `This model's maximum context length is ${fake.contextTokens} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`,
                type: 'invalid_request_error',
                param: 'messages',
                code: 'context_length_exceeded',
              },
            }),
          );
          return;
        }
        const messages = body.messages.map((m) => ({ role: m.role, content: m.content ?? '' }));
        const step = fake.script.shift() ??
          fake.answer?.(messages) ?? { text: fake.reply(messages) };
        const words = wordsOf(step.text ?? '');
        const id = `chatcmpl-${fake.requests.length}`;
        const chunk = (delta: object, finish: string | null) =>
          `data: ${JSON.stringify({
            id,
            object: 'chat.completion.chunk',
            created: Math.floor(Date.now() / 1000),
            model: body.model,
            choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
          })}\n\n`;
        const log: { text: string; atMs: number }[] = [];
        fake.tokenLog.push(log);
        const calls = step.toolCalls ?? [];
        const callDeltaEvents = callDeltas(calls, step.interleaved === true).flatMap(
          ({ call, piece, first }) => {
            const c = calls[call];
            const index = { index: call };
            const head = first
              ? [
                  chunk(
                    {
                      tool_calls: [
                        {
                          ...index,
                          id: c?.id ?? `call_${fake.requests.length}_${call}`,
                          type: 'function',
                          function: { name: c?.name ?? '', arguments: '' },
                        },
                      ],
                    },
                    null,
                  ),
                ]
              : [];
            return [
              ...head,
              chunk({ tool_calls: [{ ...index, function: { arguments: piece } }] }, null),
            ];
          },
        );
        const events = [
          chunk({ role: 'assistant', content: '' }, null),
          ...words.map((w) => chunk({ content: w }, null)),
          ...callDeltaEvents,
          chunk({}, calls.length > 0 ? 'tool_calls' : 'stop'),
        ];
        const output = words.length + callDeltaEvents.length;
        if (body.stream_options?.include_usage) {
          const prompt = promptTokensOf(body);
          events.push(
            `data: ${JSON.stringify({
              id,
              object: 'chat.completion.chunk',
              created: Math.floor(Date.now() / 1000),
              model: body.model,
              choices: [],
              usage: {
                prompt_tokens: prompt,
                completion_tokens: output,
                total_tokens: prompt + output,
              },
            })}\n\n`,
          );
        }
        events.push('data: [DONE]\n\n');
        await writeStream(
          res,
          fault,
          () =>
            res.writeHead(200, {
              'Content-Type': 'text/event-stream; charset=utf-8',
              'Cache-Control': 'no-cache',
              Connection: 'keep-alive',
            }),
          events,
          {
            malformed: 'data: {"id": "broken", "choices": [{"delta": \n\n',
            intervalMs: fake.intervalMs,
            onChunk: (i) => {
              const atMs = performance.timeOrigin + performance.now();
              if (i === 1) fake.firstTokenAtMs.push(atMs);
              const word = words[i - 1];
              if (i >= 1 && word !== undefined) log.push({ text: word, atMs });
            },
          },
        );
        return;
      }
    }
  });
  const fake: FakeOpenAi = Object.assign(http, {
    baseUrl: `${http.url}/v1`,
    setFault: (route: OpenAiRoute, fault: Fault) => void faults.set(route, fault),
    chatBodies: () =>
      http.requests
        .filter((r) => r.path.startsWith('/v1/chat/completions'))
        .map((r) => JSON.parse(r.body.toString('utf8')) as ChatBody),
    received: (route: OpenAiRoute) =>
      http.requests.filter((r) => ROUTES[`${r.method} ${r.path.split('?')[0]}`] === route),
    firstTokenAtMs: [],
    tokenLog: [],
    firstAudioAtMs: [],
    reply: (messages: FakeChatMessage[]) => {
      const last = messages.at(-1);
      if (last?.role === 'tool') return `The tool said: ${last.content}.`;
      return `You said: ${messages.filter((m) => m.role === 'user').at(-1)?.content ?? ''}. Anything else?`;
    },
    script: [],
    transcript: 'hello there',
    intervalMs: 5,
    contextTokens: Number.POSITIVE_INFINITY,
  });
  return fake;
}

/**
 * A relay's settings for `openai` when it asks for `apiKey`: the key and the fake's address, and
 * no health probes (they would add requests to the fake's log).
 */
export function openAiRelayEnv(openai: FakeOpenAi, apiKey: string): Record<string, string> {
  return { OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: openai.baseUrl, HEALTH_PROBE_INTERVAL_S: '0' };
}
