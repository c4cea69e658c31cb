import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { helloFor, RawClient } from './clients.ts';
import { startFakeDeepgram } from './fakes/deepgram-server.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './fakes/otlp-receiver.ts';
import { closeSynthesizers } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { say } from './lossless-helpers.ts';

const KEY = 'sk-trace-test';
/** A page before tracing made 16-hex ids: its trace is the id left-padded with zeros. */
const OLDER_PAGE_ID = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

/** The spans of trace `traceId`, by name (several of one name: in the order they came). */
function traceOf(receiver: OtlpReceiver, traceId: string): ReceivedSpan[] {
  return receiver.spans().filter((s) => s.traceId === traceId);
}

/** The turn span of `spans`, every other span its child (the trace is one turn's). */
function turnSpan(spans: ReceivedSpan[]): ReceivedSpan {
  const roots = spans.filter((s) => s.parentSpanId === undefined || s.parentSpanId === '');
  expect(roots.map((s) => s.name)).toEqual(['turn']);
  const [turn] = roots;
  if (!turn) throw new Error('no turn span');
  for (const s of spans) if (s !== turn) expect(s.parentSpanId, s.name).toBe(turn.spanId);
  return turn;
}

/** The ids of the `traceparent` a fake provider's request carried. */
function traceparentOf(headers: Record<string, string | string[] | undefined>) {
  const [, traceId, spanId] = TRACEPARENT.exec(String(headers.traceparent)) ?? [];
  return { traceId, spanId };
}

const durationMs = (s: ReceivedSpan) =>
  Number(BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1e6;

/** A spoken turn ("what time is it") by the terminal client: the trace id turn.done gave. */
async function spokenTurn(relay: TestRelay): Promise<string> {
  const client = await TalkClient.connect(relay.wsUrl);
  const [spoken] = await new UtteranceStreamer(client).stream(await say('what time is it'), {
    speed: 4,
    speculate: false,
  });
  expect(spoken?.status).toBe('completed');
  const done = client.received.find((m) => m.type === 'turn.done');
  client.close();
  return (done?.type === 'turn.done' ? done.traceId : undefined) ?? '';
}

/** A typed turn from an older page (its 16-hex trace id), answered. */
async function olderPageTypedTurn(relay: TestRelay): Promise<void> {
  const client = await RawClient.open(relay.wsUrl);
  client.send(await helloFor(relay));
  await client.next('ready');
  client.send({ type: 'user.text', turnId: 0, text: 'what time is it', traceId: OLDER_PAGE_ID });
  expect((await client.next('turn.done', 15_000)).traceId).toBe(OLDER_PAGE_ID);
}

/** A relay whose LLM and voice are the fake OpenAI's, with `env`. */
const hostedEnv = (openai: FakeOpenAi, env: Record<string, string>) => ({
  LLM_PROVIDERS: 'openai',
  TTS_PROVIDERS: 'openai',
  ...openAiRelayEnv(openai, KEY),
  ...env,
});

describe('each turn is a trace (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(async () => {
    await closeSynthesizers();
    await receiver.close();
  });

  it('a spoken turn through the embedded providers: its stages are spans of the id turn.done gave', async () => {
    const relay = await startTestRelay({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'relay-under-test',
    });
    let traceId = '';
    try {
      traceId = await spokenTurn(relay);
      await expect.poll(() => relay.registry.size).toBe(0);
    } finally {
      // Closing exports what is left.
      await relay.close();
    }
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const spans = traceOf(receiver, traceId);
    const turn = turnSpan(spans);
    expect(turn).toMatchObject({
      service: 'relay-under-test',
      attributes: {
        'parley.turn.input': 'spoken',
        'parley.turn.outcome': 'completed',
        'parley.trace_id': traceId,
        'parley.timing.relayFirstAudioMs': expect.any(Number) as number,
      },
    });
    const names = spans.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['recognition', 'llm round 1', 'tts sentence 0', 'store turn']),
    );
    const recognition = spans.find((s) => s.name === 'recognition');
    expect(recognition?.attributes['parley.provider']).toBeDefined();
    expect(spans.find((s) => s.name === 'llm round 1')?.events).toContain('first token');
    // A sentence's span ends with its last audio, its first audio an event in it.
    expect(spans.find((s) => s.name === 'tts sentence 0')?.events).toContain('first audio');
    expect(turn.attributes['parley.timing.ttsTotalMs']).toBeGreaterThanOrEqual(
      Number(turn.attributes['parley.timing.ttsFirstAudioMs']),
    );
    // Every stage within the turn.
    for (const s of spans) {
      expect(BigInt(s.startTimeUnixNano) >= BigInt(turn.startTimeUnixNano), s.name).toBe(true);
      expect(BigInt(s.endTimeUnixNano) <= BigInt(turn.endTimeUnixNano), s.name).toBe(true);
      expect(durationMs(s), s.name).toBeGreaterThanOrEqual(0);
    }
    // The trace as the receiver got it (the issue's note quotes one).
    const at = (ns: string) =>
      (Number(BigInt(ns) - BigInt(turn.startTimeUnixNano)) / 1e6).toFixed(1);
    console.info(
      [`trace ${traceId}`]
        .concat(
          spans.map(
            (s) =>
              `${s.name} span ${s.spanId} parent ${s.parentSpanId || '-'} ` +
              `+${at(s.startTimeUnixNano)} ms, ${durationMs(s).toFixed(1)} ms ` +
              `${JSON.stringify(s.attributes)}${s.events.length > 0 ? ` events ${s.events.join(',')}` : ''}`,
          ),
        )
        .join('\n'),
    );
  });

  describe('through a hosted (fake OpenAI) provider', () => {
    let openai: FakeOpenAi;
    let relay: TestRelay;
    beforeAll(async () => {
      openai = await startFakeOpenAi({ apiKey: KEY });
      openai.transcript = 'what time is it';
      relay = await startTestRelay(
        hostedEnv(openai, { ASR_PROVIDERS: 'openai', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }),
      );
    });
    afterAll(async () => {
      await relay.close();
      await openai.close();
    });

    it("each request carries its stage's traceparent (recognition, LLM, each sentence); an older page's 16-hex id is left-padded", async () => {
      await olderPageTypedTurn(relay);
      // A spoken turn: the recogniser (OpenAI's, which sends the utterance at its end) too.
      const spokenTrace = await spokenTurn(relay);
      // Closing ends the sessions (their turns stored) and exports what is left.
      await relay.close();

      const recognition = traceOf(receiver, spokenTrace).find((s) => s.name === 'recognition');
      expect(recognition?.attributes['parley.provider']).toBe('openai:whisper-1');
      const [transcription] = openai.received('transcription');
      expect(traceparentOf(transcription?.headers ?? {})).toEqual({
        traceId: spokenTrace,
        spanId: recognition?.spanId,
      });

      const traceId = OLDER_PAGE_ID.padStart(32, '0');
      const spans = traceOf(receiver, traceId);
      const turn = turnSpan(spans);
      expect(turn.attributes).toMatchObject({
        'parley.turn.input': 'typed',
        'parley.trace_id': OLDER_PAGE_ID,
      });
      const llm = spans.find((s) => s.name === 'llm round 1');
      expect(llm?.attributes['parley.provider']).toBe('openai:gpt-4o-mini');
      const sentence = spans.find((s) => s.name === 'tts sentence 0');
      expect(sentence?.attributes['parley.provider']).toMatch(/^openai:/);
      const [chat] = openai.received('chat');
      expect(traceparentOf(chat?.headers ?? {})).toEqual({ traceId, spanId: llm?.spanId });
      // Each sentence's request, of either turn, carries its own span.
      const ttsSpans = receiver
        .spans()
        .filter((s) => s.name.startsWith('tts sentence '))
        .map((s) => `${s.traceId}/${s.spanId}`);
      const carried = openai.received('speech').map((r) => {
        const ids = traceparentOf(r.headers);
        return `${ids.traceId ?? ''}/${ids.spanId ?? ''}`;
      });
      expect(carried.filter((c) => c.startsWith(traceId)).length).toBeGreaterThan(0);
      expect(carried.filter((c) => c.startsWith(spokenTrace)).length).toBeGreaterThan(0);
      expect(ttsSpans).toEqual(expect.arrayContaining(carried));
    });
  });

  it('an utterance replaced by a typed message ends its trace there, as replaced', async () => {
    const relay = await startTestRelay({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    const spokenId = 'a'.repeat(32);
    try {
      const client = await RawClient.open(relay.wsUrl);
      client.send(await helloFor(relay));
      await client.next('ready');
      client.send({
        type: 'utterance.start',
        turnId: 0,
        traceId: spokenId,
        firstSeq: 0,
        speechStartAtMs: Date.now(),
      });
      client.send({
        type: 'user.text',
        turnId: 1,
        text: 'what time is it',
        traceId: 'b'.repeat(32),
      });
      await client.next('turn.done', 15_000);
    } finally {
      await relay.close();
    }
    const spans = traceOf(receiver, spokenId);
    const turn = turnSpan(spans);
    expect(turn.attributes['parley.turn.outcome']).toBe('replaced');
    expect(spans.map((s) => s.name).sort()).toEqual(['recognition', 'turn']);
    const typed = turnSpan(traceOf(receiver, 'b'.repeat(32)));
    // Ended when the typed message came, not when the session closed.
    expect(BigInt(turn.endTimeUnixNano) <= BigInt(typed.startTimeUnixNano)).toBe(true);
  });

  it("a streaming recogniser's socket upgrade carries the recognition's traceparent", async () => {
    const deepgram = await startFakeDeepgram({ apiKey: KEY, transcript: 'what time is it' });
    const relay = await startTestRelay({
      ASR_PROVIDERS: 'deepgram',
      DEEPGRAM_API_KEY: KEY,
      DEEPGRAM_BASE_URL: deepgram.url,
      HEALTH_PROBE_INTERVAL_S: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    });
    let traceId = '';
    try {
      traceId = await spokenTurn(relay);
    } finally {
      await relay.close();
      await deepgram.close();
    }
    const recognition = traceOf(receiver, traceId).find((s) => s.name === 'recognition');
    expect(deepgram.connections.map((c) => c.traceparent)).toEqual([
      `00-${traceId}-${recognition?.spanId ?? ''}-01`,
    ]);
  });
});

describe('tracing off (OTEL_EXPORTER_OTLP_ENDPOINT unset or blank)', () => {
  it('sends nothing to a collector and no traceparent to any provider', async () => {
    const receiver = await startOtlpReceiver();
    const openai = await startFakeOpenAi({ apiKey: KEY });
    const relay = await startTestRelay(
      hostedEnv(openai, {
        // Blank counts as unset; the other variables alone turn nothing on.
        OTEL_EXPORTER_OTLP_ENDPOINT: ' ',
        OTEL_SERVICE_NAME: 'relay-under-test',
        OTEL_BSP_SCHEDULE_DELAY: '0',
      }),
    );
    try {
      await olderPageTypedTurn(relay);
    } finally {
      await relay.close();
      await openai.close();
    }
    const requests = [...openai.received('chat'), ...openai.received('speech')];
    expect(requests.length).toBeGreaterThan(1);
    for (const r of requests) expect(r.headers.traceparent).toBeUndefined();
    expect(receiver.requests).toEqual([]);
    await receiver.close();
  });
});
