import { afterEach, describe, expect, it } from 'vitest';
import { WrittenSegment } from '../../src/pipeline/written-segment.ts';
import { ElevenLabsStreamTts } from '../../src/providers/vendors/elevenlabs/elevenlabs-stream.ts';
import { toneSample, toneSamples } from '../fakes/elevenlabs-server.ts';
import {
  startFakeElevenLabsInput,
  type FakeElevenLabsInput,
  type FakeElevenLabsInputOptions,
} from '../fakes/elevenlabs-stream-server.ts';
import type { Fault } from '../fakes/faults.ts';
import { collect, providerError, samplesOf } from '../conformance/conformance-kit.ts';
import { ttsConformance } from '../conformance/tts-conformance.ts';

/**
 * ElevenLabs' streaming input (a WebSocket per segment) against a local server speaking its
 * protocol: the segment's words go out as they are written, its audio comes back as it is made.
 */

const KEY = 'xi-test-key-5c2a';
const TEXT = 'That is a good question, and the short answer is yes.';

let fake: FakeElevenLabsInput | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function setup(fault?: Fault, options: Partial<FakeElevenLabsInputOptions> = {}) {
  const server = await startFakeElevenLabsInput({
    apiKey: KEY,
    ...options,
    ...(fault ? { fault } : {}),
  });
  fake = server;
  const tts = new ElevenLabsStreamTts({ apiKey: KEY, baseUrl: server.url });
  return { fake: server, tts, controller: new AbortController() };
}

describe('ElevenLabsStreamTts', () => {
  it('sends the words as they are written, then the end of input, and yields the audio of all', async () => {
    const { fake, tts, controller } = await setup();
    const text = new WrittenSegment();
    const blocks: Int16Array[] = [];
    const done = collect(tts.synthesizeWritten({ text, signal: controller.signal }), blocks);
    text.add('That is a good');
    // The first words reach the voice while the rest is still being written.
    await expect
      .poll(() => fake.connections[0]?.texts.map((t) => t.text))
      .toEqual(['That is a good ']);
    text.add('question, and the short answer');
    await expect.poll(() => fake.connections[0]?.texts.length).toBe(2);
    text.finish(TEXT);
    await done;

    const [socket] = fake.connections;
    expect(socket?.path).toBe('/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream-input');
    expect(socket?.query).toEqual({ model_id: 'eleven_flash_v2_5', output_format: 'pcm_16000' });
    expect(socket?.authorized).toBe(true);
    // The key in the upgrade's header, never in a message.
    expect(socket?.init).toEqual({ text: ' ' });
    expect(socket?.texts.map((t) => t.text)).toEqual([
      'That is a good ',
      'question, and the short answer ',
      'is yes. ',
      '',
    ]);
    // Under the 120-character schedule: one generation, at the end of input.
    expect(socket?.generated).toEqual([`${TEXT} `]);
    expect(socket?.final).toBe(true);
    // Every sample intact (odd-sized messages), plus a sign of life per piece taken.
    const samples = Int16Array.from(blocks.flatMap((b) => [...b]));
    expect(samples.length).toBe(toneSamples(`${TEXT} `, 16000));
    expect(samples.findIndex((s, i) => s !== toneSample(i, 16000))).toBe(-1);
    expect(blocks.filter((b) => b.length === 0)).toHaveLength(3);
    await expect.poll(() => fake.openSockets).toBe(0);
  });

  it('starts generating before the end once the schedule’s characters are in', async () => {
    const { fake, tts, controller } = await setup(undefined, { schedule: [20] });
    const text = new WrittenSegment();
    const blocks: Int16Array[] = [];
    const done = collect(tts.synthesizeWritten({ text, signal: controller.signal }), blocks);
    text.add('That is a good question, and');
    await expect.poll(() => samplesOf(blocks)).toBeGreaterThan(0);
    text.finish(TEXT);
    await done;
    expect(fake.connections[0]?.generated).toEqual([
      'That is a good question, and ',
      'the short answer is yes. ',
    ]);
  });

  it('tells the voice the pace, and says the user’s voice', async () => {
    const { fake, tts, controller } = await setup();
    const text = new WrittenSegment();
    text.finish('Slowly.');
    await collect(
      tts.synthesizeWritten({
        text,
        signal: controller.signal,
        voice: 'JBFqnCBsd6RMkjVDRZzb',
        speakingRate: 0.5,
      }),
    );
    expect(fake.connections[0]?.path).toBe('/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb/stream-input');
    expect(fake.connections[0]?.init).toEqual({ text: ' ', voice_settings: { speed: 0.7 } });
  });

  it.each([
    ['a wrong key (401)', { kind: 'status', status: 401 }, 'auth', 401],
    ['a refusal (503)', { kind: 'status', status: 503 }, 'http', 503],
  ] as const)('fails typed on %s', async (_name, fault, kind, status) => {
    const { tts, controller } = await setup(fault);
    const text = new WrittenSegment();
    text.finish(TEXT);
    const error = await providerError(
      collect(tts.synthesizeWritten({ text, signal: controller.signal })),
    );
    expect(error).toMatchObject({ kind, status });
    expect(error.message).not.toContain(KEY);
  });

  it.each([
    ['drops the connection', { kind: 'reset', afterChunks: 2 }, 'network'],
    ['sends a message that is no JSON', { kind: 'malformed', afterChunks: 2 }, 'protocol'],
  ] as const)('when it %s mid-audio, fails after the audio before', async (_n, fault, kind) => {
    const { tts, controller } = await setup(fault);
    const text = new WrittenSegment();
    text.finish(TEXT);
    const blocks: Int16Array[] = [];
    const error = await providerError(
      collect(tts.synthesizeWritten({ text, signal: controller.signal }), blocks),
    );
    expect(error.kind).toBe(kind);
    expect(samplesOf(blocks)).toBeGreaterThan(0);
    expect(samplesOf(blocks)).toBeLessThan(toneSamples(TEXT, 16000));
  });

  it('drops the socket when aborted while the text is still being written', async () => {
    const { fake, tts, controller } = await setup();
    const text = new WrittenSegment();
    const done = collect(tts.synthesizeWritten({ text, signal: controller.signal }));
    text.add('That is a good');
    await expect.poll(() => fake.connections[0]?.texts.length).toBe(1);
    controller.abort(new Error('the user spoke'));
    await expect(done).rejects.toThrow('the user spoke');
    expect(fake.connections[0]?.final).toBe(false);
    await expect.poll(() => fake.openSockets).toBe(0);
  });

  it('says a whole text by the HTTP API', async () => {
    const { fake, tts, controller } = await setup();
    expect(tts.info.id).toBe('elevenlabs:eleven_flash_v2_5');
    const blocks = await collect(tts.synthesize({ text: TEXT, signal: controller.signal }));
    expect(samplesOf(blocks)).toBe(toneSamples(TEXT, 16000));
    expect(fake.http.requests.map((r) => r.method)).toEqual(['POST']);
    expect(fake.connections).toEqual([]);
  });
});

ttsConformance('ElevenLabsStreamTts (text as it is written, over its socket)', {
  start: () => streamInputAt({ kind: 'none' }),
  // The fake says each piece as sent: the words, each followed by one space.
  samplesFor: (text) => toneSamples(`${text} `, 16000),
  written: true,
  service: {
    start: streamInputAt,
    withWrongKey: async () => ({
      ...(await streamInputAt({ kind: 'none' }, 'xi-wrong-3e7a')),
      key: 'xi-wrong-3e7a',
    }),
  },
});

/** ElevenLabs' streaming input against its own fake doing `fault` to new sockets, sending `key`. */
async function streamInputAt(fault: Fault, key = KEY) {
  const server = await startFakeElevenLabsInput({ apiKey: KEY, fault });
  return {
    tts: new ElevenLabsStreamTts({ apiKey: key, baseUrl: server.url }),
    requests: () => server.connections.length,
    openConnections: () => server.openSockets,
    close: () => server.close(),
  };
}
