import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeepgramAsr } from '../../src/providers/vendors/deepgram/deepgram.ts';
import { AnthropicLlm } from '../../src/providers/vendors/anthropic/messages.ts';
import type { ProviderSpec } from '../../src/providers/config/provider-plan.ts';
import { ProviderError } from '../../src/providers/net/provider-error.ts';
import { OpenAiChatLlm } from '../../src/providers/vendors/openai/chat.ts';
import { OpenAiSpeechTts } from '../../src/providers/vendors/openai/speech.ts';
import { OpenAiTranscriptionAsr } from '../../src/providers/vendors/openai/transcription.ts';
import { ElevenLabsTts } from '../../src/providers/vendors/elevenlabs/elevenlabs.ts';
import { CartesiaTts } from '../../src/providers/vendors/cartesia/cartesia.ts';
import { detectLocalServers } from '../../src/provider-settings/local-servers.ts';
import { listModels } from '../../src/provider-settings/model-lists.ts';
import { startFakeHttp, type FakeHttpServer } from '../fakes/fake-http.ts';

/**
 * Every call the relay makes to a hosted provider — each adapter's request and probe, and the
 * model lists of the settings screen — against two kinds of misbehaving server: one whose error
 * quotes the key it was sent (as some providers and proxies do), and one that redirects to
 * another host. The key must appear in no error, and must never reach the other host.
 */

/** Shaped like no key: only the value the adapter sent can take it out of a message. */
const KEY = 'parley-plain-key-7c1e9a';

/** One provider call, made against a server at `http` (and `ws` for Deepgram's socket). */
interface Call {
  name: string;
  run: (at: { http: string; ws: string }) => Promise<unknown>;
}

const signal = () => AbortSignal.timeout(10_000);

/** Reads `items` to the end (or the error, which is what matters here). */
async function drain(items: AsyncIterable<unknown>): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const spec = (kind: 'openai' | 'anthropic' | 'elevenlabs', baseUrl: string): ProviderSpec => {
  switch (kind) {
    case 'openai':
      return { kind, name: 'local', baseUrl, apiKey: KEY, model: 'm' };
    case 'anthropic':
      return { kind, name: 'anthropic', baseUrl, apiKey: KEY, model: 'm' };
    case 'elevenlabs':
      return {
        kind,
        name: 'elevenlabs',
        baseUrl,
        apiKey: KEY,
        model: 'm',
        voiceId: 'v',
        sampleRateHz: 16_000,
      };
  }
};

const openAi = (baseUrl: string) => ({ name: 'local', baseUrl: `${baseUrl}/v1`, apiKey: KEY });
const chat = (baseUrl: string) =>
  new OpenAiChatLlm({
    ...openAi(baseUrl),
    model: 'm',
    systemPrompt: '',
    maxTokens: 5,
    streamUsage: false,
  });
const anthropic = (baseUrl: string) =>
  new AnthropicLlm({ apiKey: KEY, baseUrl, model: 'm', systemPrompt: '', maxTokens: 5 });
const elevenLabs = (baseUrl: string) => new ElevenLabsTts({ apiKey: KEY, baseUrl });
const cartesia = (baseUrl: string) => new CartesiaTts({ apiKey: KEY, baseUrl });
const messages = [{ role: 'user' as const, content: 'hi' }];

const CALLS: Call[] = [
  {
    name: 'OpenAI chat (Bearer)',
    run: ({ http }) => drain(chat(http).stream({ messages, signal: signal() })),
  },
  { name: 'OpenAI probe', run: ({ http }) => chat(http).probe(signal()) },
  {
    name: 'OpenAI speech',
    run: ({ http }) =>
      drain(
        new OpenAiSpeechTts({
          ...openAi(http),
          model: 'm',
          voice: 'alloy',
          sampleRateHz: 24_000,
        }).synthesize({ text: 'hi', signal: signal() }),
      ),
  },
  {
    name: 'OpenAI transcription',
    run: ({ http }) => {
      const asr = new OpenAiTranscriptionAsr({ ...openAi(http), model: 'm', maxSamples: 16_000 });
      const stream = asr.start({ sampleRateHz: 16_000, signal: signal() });
      stream.write(new Int16Array(160));
      return stream.finish();
    },
  },
  {
    name: 'Anthropic messages (x-api-key)',
    run: ({ http }) => drain(anthropic(http).stream({ messages, signal: signal() })),
  },
  { name: 'Anthropic probe', run: ({ http }) => anthropic(http).probe(signal()) },
  {
    name: 'ElevenLabs speech (xi-api-key)',
    run: ({ http }) => drain(elevenLabs(http).synthesize({ text: 'hi', signal: signal() })),
  },
  { name: 'ElevenLabs voices', run: ({ http }) => elevenLabs(http).voices(signal()) },
  { name: 'ElevenLabs probe', run: ({ http }) => elevenLabs(http).probe(signal()) },
  {
    name: 'Cartesia speech (Bearer)',
    run: ({ http }) => drain(cartesia(http).synthesize({ text: 'hi', signal: signal() })),
  },
  { name: 'Cartesia voices', run: ({ http }) => cartesia(http).voices(signal()) },
  { name: 'Cartesia probe', run: ({ http }) => cartesia(http).probe(signal()) },
  {
    name: 'Deepgram socket (Token)',
    run: async ({ ws }) => {
      const asr = new DeepgramAsr({ apiKey: KEY, baseUrl: ws });
      try {
        const stream = asr.start({ sampleRateHz: 16_000, signal: signal() });
        stream.write(new Int16Array(160));
        return await stream.finish();
      } finally {
        await asr.close();
      }
    },
  },
  {
    name: 'model list, OpenAI-compatible',
    run: ({ http }) => listModels(spec('openai', `${http}/v1`), signal()),
  },
  {
    name: 'model list, Anthropic',
    run: ({ http }) => listModels(spec('anthropic', http), signal()),
  },
  {
    name: 'model list, ElevenLabs',
    run: ({ http }) => listModels(spec('elevenlabs', http), signal()),
  },
  {
    name: 'model list, Deepgram',
    run: ({ ws }) =>
      listModels(
        {
          kind: 'deepgram',
          name: 'deepgram',
          baseUrl: ws,
          apiKey: KEY,
          model: 'm',
          language: 'en',
        },
        signal(),
      ),
  },
];

/** The error `promise` rejects with; fails the test if it resolves. */
async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

/** Answers every WebSocket upgrade with `head` (status line and headers) and `body`. */
function onUpgrade(server: FakeHttpServer, answer: (req: IncomingMessage) => string): void {
  server.server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    socket.end(answer(req));
  });
}

/** What a provider's credential headers carried, as a careless error message quotes them. */
const quoted = (headers: IncomingMessage['headers']) =>
  ['authorization', 'x-api-key', 'xi-api-key']
    .map((h) => headers[h])
    .filter((v) => v !== undefined)
    .join(' ');

describe('a provider whose error quotes the key it was sent', () => {
  let echo: FakeHttpServer;
  beforeAll(async () => {
    echo = await startFakeHttp((req, res) => {
      const body = JSON.stringify({
        error: { message: `Invalid key provided: ${quoted(req.headers)} (key ${KEY})` },
      });
      res.writeHead(400, { 'Content-Type': 'application/json' }).end(body);
    });
    onUpgrade(echo, (req) => {
      const body = `Invalid credentials: ${quoted(req.headers)} (key ${KEY})`;
      return `HTTP/1.1 401 Unauthorized\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    });
  });
  afterAll(() => echo.close());

  it.each(CALLS)('$name: the error says what failed, without the key', async ({ run }) => {
    const error = await providerError(run({ http: echo.url, ws: echo.url.replace('http', 'ws') }));
    expect(error.status).toBeGreaterThanOrEqual(400);
    // The provider's words are kept for operators, the key taken out of them.
    expect(error.message).toContain('[redacted]');
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(KEY);
  });
});

describe('a provider that redirects to another host', () => {
  let elsewhere: FakeHttpServer;
  let upgradesElsewhere = 0;
  let redirecting: FakeHttpServer;
  beforeAll(async () => {
    elsewhere = await startFakeHttp((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data": []}');
    });
    onUpgrade(elsewhere, () => {
      upgradesElsewhere++;
      return 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';
    });
    // 127.0.0.1 → localhost: another origin, as a redirect to another host is.
    const target = elsewhere.url.replace('127.0.0.1', 'localhost');
    redirecting = await startFakeHttp((req, res) => {
      res.writeHead(307, { Location: `${target}${req.path}` }).end();
    });
    onUpgrade(
      redirecting,
      (req) =>
        `HTTP/1.1 307 Temporary Redirect\r\nLocation: ${target.replace('http', 'ws')}${req.url ?? '/'}\r\nConnection: close\r\n\r\n`,
    );
  });
  afterAll(async () => {
    await redirecting.close();
    await elsewhere.close();
  });

  it.each(CALLS)('$name: not followed; the error names where it pointed', async ({ run }) => {
    const error = await providerError(
      run({ http: redirecting.url, ws: redirecting.url.replace('http', 'ws') }),
    );
    expect(error).toMatchObject({ kind: 'http', status: 307 });
    expect(error.message).toMatch(/redirected to (http|ws):\/\/localhost:\d+\//);
    expect(error.message).not.toContain(KEY);
    expect(elsewhere.requests).toEqual([]);
    expect(upgradesElsewhere).toBe(0);
  });

  it('local server detection takes a server that redirects for none', async () => {
    const probes = [{ server: 'vllm' as const, baseUrl: `${redirecting.url}/v1` }];
    expect(await detectLocalServers(probes, 5_000)).toEqual([]);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('a model list', () => {
  let lister: FakeHttpServer;
  beforeAll(async () => {
    const ids = [`internal-${'x'.repeat(300)}`, ...Array.from({ length: 1500 }, (_, i) => `m${i}`)];
    lister = await startFakeHttp((_req, res) => {
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ data: ids.map((id) => ({ id })) }));
    });
  });
  afterAll(() => lister.close());

  it('gives back model names only: at most 1000, none longer than 200 characters', async () => {
    const models = await listModels(spec('openai', `${lister.url}/v1`), signal());
    expect(models).toHaveLength(1000);
    expect(models.every((m) => m.length <= 200)).toBe(true);
  });
});
