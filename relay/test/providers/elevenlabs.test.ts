import { afterEach, describe, expect, it } from 'vitest';
import { PCM_CHECK_WINDOW_SAMPLES } from '../../src/providers/net/pcm-check.ts';
import {
  ElevenLabsTts,
  type ElevenLabsTtsOptions,
} from '../../src/providers/vendors/elevenlabs/elevenlabs.ts';
import type { Fault } from '../fakes/faults.ts';
import { collect, providerError, samplesOf } from '../conformance/conformance-kit.ts';
import { ttsConformance } from '../conformance/tts-conformance.ts';
import {
  startFakeElevenLabs,
  toneSample,
  toneSamples,
  type FakeElevenLabs,
} from '../fakes/elevenlabs-server.ts';

const KEY = 'xi-test-key-7d1e';
const TEXT = 'Hello there, how are you today?';

let fake: FakeElevenLabs | null = null;

afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function setup(fault?: Fault, options: Partial<ElevenLabsTtsOptions> = {}) {
  const server = await startFakeElevenLabs({ apiKey: KEY, ...(fault ? { fault } : {}) });
  fake = server;
  const tts = new ElevenLabsTts({ apiKey: KEY, baseUrl: server.url, ...options });
  return { fake: server, tts, controller: new AbortController() };
}

describe('ElevenLabsTts', () => {
  it('yields the PCM body as blocks, rejoining samples split across chunks', async () => {
    const { fake, tts, controller } = await setup();
    expect(tts.info.id).toBe('elevenlabs:eleven_flash_v2_5');
    expect(tts.sampleRateHz).toBe(16000);
    const blocks = await collect(tts.synthesize({ text: TEXT, signal: controller.signal }));

    const expected = toneSamples(TEXT, 16000);
    expect(expected).toBe(29760);
    expect(blocks.length).toBeGreaterThan(1);
    const samples = Int16Array.from(blocks.flatMap((b) => [...b]));
    expect(samples.length).toBe(expected);
    // Every sample intact, including the ones whose two bytes came in different chunks.
    const mismatch = samples.findIndex((s, i) => s !== toneSample(i, 16000));
    expect(mismatch).toBe(-1);

    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(
      '/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream?output_format=pcm_16000',
    );
    expect(request?.headers['xi-api-key']).toBe(KEY);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body.toString() ?? '')).toEqual({
      text: TEXT,
      model_id: 'eleven_flash_v2_5',
    });
    await expect.poll(() => fake.openResponses).toBe(0);
  });

  it('asks for the configured rate, voice and model', async () => {
    const { fake, tts, controller } = await setup(undefined, {
      sampleRateHz: 24000,
      voiceId: 'voice-123',
      model: 'eleven_turbo_v2_5',
    });
    expect(tts.sampleRateHz).toBe(24000);
    expect(tts.info.id).toBe('elevenlabs:eleven_turbo_v2_5');
    const blocks = await collect(tts.synthesize({ text: 'Hi.', signal: controller.signal }));
    expect(samplesOf(blocks)).toBe(toneSamples('Hi.', 24000));
    expect(fake.requests[0]?.path).toBe(
      '/v1/text-to-speech/voice-123/stream?output_format=pcm_24000',
    );
  });

  it('sends nothing for blank text', async () => {
    const { fake, tts, controller } = await setup();
    expect(await collect(tts.synthesize({ text: '  \n', signal: controller.signal }))).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it('fails with auth on a wrong key, without the key in the message', async () => {
    const server = await startFakeElevenLabs({ apiKey: KEY });
    fake = server;
    const wrongKey = 'xi-wrong-key-0b9f';
    const tts = new ElevenLabsTts({ apiKey: wrongKey, baseUrl: server.url });
    const error = await providerError(
      collect(tts.synthesize({ text: TEXT, signal: new AbortController().signal })),
    );
    expect(error).toMatchObject({
      kind: 'auth',
      status: 401,
      providerId: 'elevenlabs:eleven_flash_v2_5',
    });
    expect(error.message).toContain('invalid_api_key');
    expect(error.message).not.toContain(wrongKey);
  });

  it('maps an error status to http with status and Retry-After', async () => {
    const { tts, controller } = await setup({ kind: 'status', status: 429, retryAfterS: 3 });
    const error = await providerError(
      collect(tts.synthesize({ text: TEXT, signal: controller.signal })),
    );
    expect(error).toMatchObject({ kind: 'http', status: 429 });
    expect(error.retryAfterMs).toBe(3000);
    expect(error.message).toContain('injected_failure');
  });

  it('fails with protocol on a non-audio content type', async () => {
    const { fake, tts, controller } = await setup({ kind: 'malformed', afterChunks: 0 });
    const error = await providerError(
      collect(tts.synthesize({ text: TEXT, signal: controller.signal })),
    );
    expect(error.kind).toBe('protocol');
    expect(error.message).toContain('application/json');
    await expect.poll(() => fake.openResponses).toBe(0);
  });

  it('fails with protocol when the body ends mid-sample, after the good audio', async () => {
    const { tts, controller } = await setup({ kind: 'malformed', afterChunks: 2 });
    const blocks: Int16Array[] = [];
    const error = await providerError(
      collect(tts.synthesize({ text: TEXT, signal: controller.signal }), blocks),
    );
    expect(error.kind).toBe('protocol');
    // Two chunks of 3,001 bytes, then one stray byte: 3,001 whole samples.
    expect(samplesOf(blocks)).toBe(3001);
  });

  it('fails with protocol as soon as a stray byte shifts the samples, passing no noise', async () => {
    const { fake, tts, controller } = await setup({ kind: 'misaligned', afterChunks: 2 });
    const blocks: Int16Array[] = [];
    const error = await providerError(
      collect(tts.synthesize({ text: TEXT, signal: controller.signal }), blocks),
    );
    expect(error.kind).toBe('protocol');
    expect(error.message).toMatch(/misaligned/);
    // The 3,001 samples before the stray byte at most, each one the tone's (no noise).
    const samples = blocks.flatMap((b) => [...b]);
    expect(samples.length).toBeLessThanOrEqual(3001);
    expect(samples.length).toBeGreaterThan(3001 - 2 * PCM_CHECK_WINDOW_SAMPLES);
    expect(samples.findIndex((s, i) => s !== toneSample(i, 16000))).toBe(-1);
    // Found while the body was still coming (~13 chunks in all), and the request closed.
    await expect.poll(() => fake.openResponses).toBe(0);
  });

  it('fails with protocol before any audio on a JSON body labelled as audio', async () => {
    const { tts, controller } = await setup({ kind: 'mislabelled' });
    const blocks: Int16Array[] = [];
    const error = await providerError(
      collect(tts.synthesize({ text: TEXT, signal: controller.signal }), blocks),
    );
    expect(error.kind).toBe('protocol');
    expect(error.message).toMatch(/text where audio was expected: "\{"detail"/);
    expect(blocks).toHaveLength(0);
  });

  it('fails with network when the connection is reset mid-body', async () => {
    const { fake, tts, controller } = await setup({ kind: 'reset', afterChunks: 2 });
    const blocks: Int16Array[] = [];
    const error = await providerError(
      collect(tts.synthesize({ text: TEXT, signal: controller.signal }), blocks),
    );
    expect(error.kind).toBe('network');
    expect(samplesOf(blocks)).toBeGreaterThan(0);
    await expect.poll(() => fake.openResponses).toBe(0);
  });

  it('still answers after a slow start', async () => {
    const { tts, controller } = await setup({ kind: 'latency', ms: 100 });
    const blocks = await collect(tts.synthesize({ text: TEXT, signal: controller.signal }));
    expect(samplesOf(blocks)).toBe(toneSamples(TEXT, 16000));
  });

  it('waits on a request that is never answered until aborted, then closes it', async () => {
    const { fake, tts, controller } = await setup({ kind: 'hang' });
    let settled = false;
    const done = collect(tts.synthesize({ text: TEXT, signal: controller.signal })).finally(
      () => (settled = true),
    );
    await expect.poll(() => fake.requests.length).toBe(1);
    expect(fake.openResponses).toBe(1);
    expect(settled).toBe(false);
    controller.abort();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    await expect.poll(() => fake.openResponses).toBe(0);
  });

  it('waits on a stalled body until aborted, then closes it', async () => {
    const { fake, tts, controller } = await setup({ kind: 'stall', afterChunks: 1 });
    const blocks: Int16Array[] = [];
    let settled = false;
    const done = collect(tts.synthesize({ text: TEXT, signal: controller.signal }), blocks).finally(
      () => (settled = true),
    );
    // One chunk of 3,001 bytes is 1,500 samples; the stream check holds back the last window it
    // judged (and the part of a window after it) until more audio arrives.
    const judged = Math.floor(1500 / PCM_CHECK_WINDOW_SAMPLES) * PCM_CHECK_WINDOW_SAMPLES;
    await expect.poll(() => samplesOf(blocks)).toBe(judged - PCM_CHECK_WINDOW_SAMPLES);
    expect(settled).toBe(false);
    controller.abort();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    await expect.poll(() => fake.openResponses).toBe(0);
  });

  it('closes the upstream request when the consumer stops early', async () => {
    // A stalled body never ends by itself: only the adapter can close it.
    const { fake, tts, controller } = await setup({ kind: 'stall', afterChunks: 2 });
    for await (const block of tts.synthesize({ text: TEXT, signal: controller.signal })) {
      expect(block.length).toBeGreaterThan(0);
      break;
    }
    await expect.poll(() => fake.openResponses).toBe(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { fake, tts } = await setup();
    await expect(
      collect(tts.synthesize({ text: TEXT, signal: AbortSignal.abort() })),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.requests).toHaveLength(0);
  });

  it('probes by listing models: fine with the key, auth without', async () => {
    const server = await startFakeElevenLabs({ apiKey: KEY });
    try {
      await new ElevenLabsTts({ apiKey: KEY, baseUrl: server.url }).probe(
        AbortSignal.timeout(5000),
      );
      await expect(
        new ElevenLabsTts({ apiKey: 'wrong-key-wrong', baseUrl: server.url }).probe(
          AbortSignal.timeout(5000),
        ),
      ).rejects.toMatchObject({ kind: 'auth', status: 401 });
    } finally {
      await server.close();
    }
  });
});

ttsConformance('ElevenLabsTts', {
  start: () => elevenLabsAt({ kind: 'none' }),
  samplesFor: (text) => toneSamples(text, 16000),
  service: {
    start: elevenLabsAt,
    withWrongKey: async () => ({
      ...(await elevenLabsAt({ kind: 'none' }, 'xi-wrong-0b9f')),
      key: 'xi-wrong-0b9f',
    }),
  },
});

/** An ElevenLabs voice against its own fake doing `fault`, sending `key`. */
async function elevenLabsAt(fault: Fault, key = KEY) {
  const server = await startFakeElevenLabs({ apiKey: KEY, fault });
  return {
    tts: new ElevenLabsTts({ apiKey: key, baseUrl: server.url }),
    requests: () => server.requests.length,
    openConnections: () => server.openResponses,
    close: () => server.close(),
  };
}
