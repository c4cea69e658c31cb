import { afterEach, describe, expect, it } from 'vitest';
import {
  DeepgramAsr,
  type DeepgramAsrOptions,
} from '../../src/providers/vendors/deepgram/deepgram.ts';
import { ProviderError } from '../../src/providers/net/provider-error.ts';
import type { AsrStream } from '../../src/providers/stages/asr.ts';
import { asrConformance } from '../conformance/asr-conformance.ts';
import {
  startFakeDeepgram,
  type FakeDeepgram,
  type FakeDeepgramOptions,
} from '../fakes/deepgram-server.ts';
import type { Fault } from '../fakes/faults.ts';

const KEY = 'dg-test-key-5f3a';
const RATE = 16000;

let fake: FakeDeepgram | null = null;
const providers: DeepgramAsr[] = [];

afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.close()));
  await fake?.close();
  fake = null;
});

async function setup(
  fakeOptions: Partial<FakeDeepgramOptions> = {},
  adapterOptions: Partial<DeepgramAsrOptions> = {},
) {
  const server = await startFakeDeepgram({ apiKey: KEY, ...fakeOptions });
  fake = server;
  const asr = new DeepgramAsr({ apiKey: KEY, baseUrl: server.url, ...adapterOptions });
  providers.push(asr);
  const controller = new AbortController();
  const partials: string[] = [];
  const stream = asr.start({
    sampleRateHz: RATE,
    signal: controller.signal,
    onPartial: (text) => partials.push(text),
  });
  return { fake: server, asr, stream, controller, partials };
}

/** Writes `blocks` blocks of `blockMs` of a quiet ramp (content is irrelevant to the fake). */
function speak(stream: AsrStream, blocks: number, blockMs = 50): number {
  const samples = (blockMs * RATE) / 1000;
  for (let b = 0; b < blocks; b++) {
    stream.write(Int16Array.from({ length: samples }, (_, i) => (i % 200) - 100));
  }
  return blocks * samples;
}

/** Settles to the error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value: unknown) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('DeepgramAsr', () => {
  it('streams audio, reports partials word by word, and finishes with the final text', async () => {
    // No CloseStream fallback within the test's time: the from_finalize result must end it.
    const { fake, stream, partials, asr } = await setup(
      { transcript: 'the quick brown fox' },
      { finalizeWaitMs: 60_000 },
    );
    expect(asr.info).toEqual({ id: 'deepgram:nova-3', label: 'Deepgram nova-3' });
    // Written before the socket opens: queued, then sent in order.
    const samples = speak(stream, 10);
    await expect.poll(() => partials.at(-1)).toBe('the quick brown fox');
    expect(partials).toEqual(['the', 'the quick', 'the quick brown', 'the quick brown fox']);
    // Interim words only (none finalized yet): they may still change.
    await expect(stream.snapshot()).resolves.toEqual({
      text: 'the quick brown fox',
      audioMs: 500,
      settled: false,
    });

    await expect(stream.finish()).resolves.toEqual({ text: 'the quick brown fox', audioMs: 500 });
    const [connection] = fake.connections;
    expect(connection).toMatchObject({
      path: '/v1/listen',
      authorized: true,
      audioBytes: samples * 2,
      query: {
        model: 'nova-3',
        language: 'en',
        encoding: 'linear16',
        sample_rate: '16000',
        channels: '1',
        interim_results: 'true',
        punctuate: 'true',
        smart_format: 'true',
      },
    });
    await expect.poll(() => connection?.controls).toEqual(['Finalize', 'CloseStream']);
    await expect.poll(() => fake.openSockets).toBe(0);
    // finish is settled once: asking again gives the same answer.
    await expect(stream.finish()).resolves.toEqual({ text: 'the quick brown fox', audioMs: 500 });
  });

  it('joins every is_final segment; ignores SpeechStarted, UtteranceEnd, Metadata', async () => {
    const { stream, partials } = await setup({
      transcript: 'one two three four five',
      wordsPerFinal: 2,
      vadEvents: true,
    });
    speak(stream, 10);
    await expect.poll(() => partials.at(-1)).toBe('one two three four five');
    expect(partials).toEqual([
      'one',
      'one two',
      'one two three',
      'one two three four',
      'one two three four five',
    ]);
    await expect(stream.finish()).resolves.toEqual({
      text: 'one two three four five',
      audioMs: 500,
    });
  });

  it('falls back to CloseStream when Finalize brings no from_finalize result', async () => {
    const { fake, stream } = await setup(
      { transcript: 'are you there', fromFinalize: false },
      { finalizeWaitMs: 50 },
    );
    speak(stream, 2);
    await expect(stream.finish()).resolves.toEqual({ text: 'are you there', audioMs: 100 });
    expect(fake.connections[0]?.controls).toEqual(['Finalize', 'CloseStream']);
    await expect.poll(() => fake.openSockets).toBe(0);
  });

  it('finishes an utterance without audio at once, without Finalize', async () => {
    const { fake, stream } = await setup();
    await expect(stream.finish()).resolves.toEqual({ text: '', audioMs: 0 });
    await expect.poll(() => fake.openSockets).toBe(0);
    expect(fake.connections.flatMap((c) => c.controls)).not.toContain('Finalize');
  });

  it('sends KeepAlive while no audio flows', async () => {
    const { fake, stream } = await setup({}, { keepAliveMs: 30 });
    await expect
      .poll(() => fake.connections[0]?.controls.filter((t) => t === 'KeepAlive').length)
      .toBeGreaterThanOrEqual(2);
    expect(fake.connections[0]?.audioBytes).toBe(0);
    stream.abort();
    await expect.poll(() => fake.openSockets).toBe(0);
  });

  it('waits for a slow upgrade, queueing the audio written meanwhile', async () => {
    const { fake, stream } = await setup({
      transcript: 'slow but sure',
      fault: { kind: 'latency', ms: 150 },
    });
    const samples = speak(stream, 4);
    await expect(stream.finish()).resolves.toEqual({ text: 'slow but sure', audioMs: 200 });
    expect(fake.connections[0]?.audioBytes).toBe(samples * 2);
  });

  it('fails with auth on a wrong key, without the key in the message', async () => {
    const server = await startFakeDeepgram({ apiKey: KEY });
    fake = server;
    const wrongKey = 'dg-wrong-key-91c2';
    const asr = new DeepgramAsr({ apiKey: wrongKey, baseUrl: server.url });
    providers.push(asr);
    const stream = asr.start({ sampleRateHz: RATE, signal: new AbortController().signal });
    speak(stream, 2);
    const error = await providerError(stream.finish());
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.providerId).toBe('deepgram:nova-3');
    expect(error.message).toContain('Invalid credentials');
    expect(error.message).not.toContain(wrongKey);
    expect(server.connections[0]).toMatchObject({ authorized: false, refusedWith: 401 });
    await expect.poll(() => server.openSockets).toBe(0);
  });

  it('maps a refused upgrade to auth (403) or http with status and Retry-After', async () => {
    const { fake, stream } = await setup({ fault: { kind: 'status', status: 403 } });
    speak(stream, 1);
    expect((await providerError(stream.finish())).kind).toBe('auth');

    fake.setFault({ kind: 'status', status: 503, retryAfterS: 2 });
    const asr = new DeepgramAsr({ apiKey: KEY, baseUrl: fake.url });
    providers.push(asr);
    const second = asr.start({ sampleRateHz: RATE, signal: new AbortController().signal });
    speak(second, 1);
    const error = await providerError(second.finish());
    expect(error).toMatchObject({ kind: 'http', status: 503 });
    expect(error.retryAfterMs).toBe(2000);
    await expect.poll(() => fake.openSockets).toBe(0);
  });

  it('fails with protocol on a message that is not JSON', async () => {
    const { fake, stream, partials } = await setup({
      transcript: 'one two three four',
      fault: { kind: 'malformed', afterChunks: 1 },
    });
    speak(stream, 8);
    await expect.poll(() => partials).toEqual(['one']);
    const error = await providerError(stream.finish());
    expect(error.kind).toBe('protocol');
    await expect(stream.snapshot()).rejects.toBe(error);
    await expect.poll(() => fake.openSockets).toBe(0);
  });

  it('fails with network when the connection is reset', async () => {
    const { fake, stream } = await setup({
      transcript: 'one two three four',
      fault: { kind: 'reset', afterChunks: 2 },
    });
    speak(stream, 8);
    await expect.poll(() => fake.connections[0]?.sent).toBe(2);
    const error = await providerError(stream.finish());
    expect(error.kind).toBe('network');
    await expect.poll(() => fake.openSockets).toBe(0);
  });

  it('fails with timeout when audio piles up in front of a socket that never opens', async () => {
    const { fake, stream } = await setup({ fault: { kind: 'hang' } }, { maxQueuedMs: 100 });
    speak(stream, 3);
    const error = await providerError(stream.finish());
    expect(error.kind).toBe('timeout');
    await expect.poll(() => fake.openSockets).toBe(0);
  });

  it('waits on a hung upgrade until aborted, then rejects with AbortError and closes', async () => {
    const { fake, stream, controller } = await setup({ fault: { kind: 'hang' } });
    speak(stream, 2);
    let settled = false;
    const finished = rejection(stream.finish()).finally(() => (settled = true));
    await expect.poll(() => fake.connections.length).toBe(1);
    expect(settled).toBe(false);
    controller.abort();
    expect(await finished).toMatchObject({ name: 'AbortError' });
    await expect.poll(() => fake.openSockets).toBe(0);
  });

  it('waits on a stalled stream until aborted, then rejects (AbortError) and closes', async () => {
    const { fake, stream, partials } = await setup(
      { transcript: 'one two three four', fault: { kind: 'stall', afterChunks: 2 } },
      { finalizeWaitMs: 30 },
    );
    speak(stream, 8);
    await expect.poll(() => partials).toEqual(['one', 'one two']);
    let settled = false;
    const finished = rejection(stream.finish()).finally(() => (settled = true));
    // Finalize went unanswered, and so did the CloseStream fallback.
    await expect.poll(() => fake.connections[0]?.controls).toEqual(['Finalize', 'CloseStream']);
    expect(settled).toBe(false);
    stream.abort();
    stream.abort();
    expect(await finished).toMatchObject({ name: 'AbortError' });
    await expect.poll(() => fake.openSockets).toBe(0);
    await expect(stream.finish()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('never connects when the signal is already aborted', async () => {
    const server = await startFakeDeepgram({ apiKey: KEY });
    fake = server;
    const asr = new DeepgramAsr({ apiKey: KEY, baseUrl: server.url });
    providers.push(asr);
    const stream = asr.start({ sampleRateHz: RATE, signal: AbortSignal.abort() });
    speak(stream, 2);
    await expect(stream.finish()).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.connections).toHaveLength(0);
  });

  it('close() drops every open stream', async () => {
    const { fake, stream, asr } = await setup({ transcript: 'still talking' });
    speak(stream, 2);
    await expect.poll(() => fake.connections[0]?.audioBytes).toBe(3200);
    const finished = rejection(stream.finish());
    await asr.close();
    expect(await finished).toMatchObject({ name: 'AbortError' });
    await expect.poll(() => fake.openSockets).toBe(0);
    expect(() => asr.start({ sampleRateHz: RATE, signal: new AbortController().signal })).toThrow();
  });
});

/** Deepgram's live API against its fake doing `fault`, sending `key`. */
async function deepgramAt(fault: Fault, key = KEY) {
  const server = await startFakeDeepgram({ apiKey: KEY, transcript: 'hello world', fault });
  const asr = new DeepgramAsr({ apiKey: key, baseUrl: server.url });
  return {
    asr,
    requests: () => server.connections.length,
    openConnections: () => server.openSockets,
    close: async () => {
      await asr.close();
      await server.close();
    },
  };
}

asrConformance('DeepgramAsr', {
  start: () => deepgramAt({ kind: 'none' }),
  // A second of a quiet ramp: the fake reveals its transcript as audio arrives.
  utterance: () =>
    Promise.resolve({
      samples: Int16Array.from({ length: RATE }, (_, i) => (i % 200) - 100),
      sampleRateHz: RATE,
      transcript: 'hello world',
    }),
  service: {
    start: deepgramAt,
    withWrongKey: async () => ({
      ...(await deepgramAt({ kind: 'none' }, 'dg-wrong-0b9f')),
      key: 'dg-wrong-0b9f',
    }),
  },
});
