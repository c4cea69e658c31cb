import { afterEach, describe, expect, it } from 'vitest';
import { loadProviderPlan } from '../../src/providers/config/provider-config.ts';
import { listModels } from '../../src/provider-settings/model-lists.ts';
import {
  CartesiaTts,
  type CartesiaTtsOptions,
} from '../../src/providers/vendors/cartesia/cartesia.ts';
import { ttsConformance } from '../conformance/tts-conformance.ts';
import { collect } from '../conformance/conformance-kit.ts';
import {
  FAKE_CARTESIA_VOICES,
  startFakeCartesia,
  type FakeCartesia,
} from '../fakes/cartesia-server.ts';
import type { Fault } from '../fakes/faults.ts';
import { toneSample, toneSamples } from '../fakes/pcm-tone.ts';

const KEY = 'sk_car_test-key-5c2e';
const TEXT = 'Hello there, how are you today?';

/** A Cartesia voice against the fake doing `fault`, sending `key`. */
async function cartesiaAt(fault: Fault, key = KEY, options: Partial<CartesiaTtsOptions> = {}) {
  const server = await startFakeCartesia({ apiKey: KEY, fault });
  return {
    server,
    tts: new CartesiaTts({ apiKey: key, baseUrl: server.url, ...options }),
    requests: () => server.requests.length,
    openConnections: () => server.openResponses,
    close: () => server.close(),
  };
}

ttsConformance('CartesiaTts', {
  start: () => cartesiaAt({ kind: 'none' }),
  samplesFor: (text) => toneSamples(text, 24_000),
  service: {
    start: cartesiaAt,
    withWrongKey: async () => ({
      ...(await cartesiaAt({ kind: 'none' }, 'sk_car_wrong-0b9f')),
      key: 'sk_car_wrong-0b9f',
    }),
  },
});

describe('CartesiaTts', () => {
  let fake: FakeCartesia | null = null;
  afterEach(async () => {
    await fake?.close();
    fake = null;
  });
  const open = async (options: Partial<CartesiaTtsOptions> = {}) => {
    const at = await cartesiaAt({ kind: 'none' }, KEY, options);
    fake = at.server;
    return at;
  };

  it('asks /tts/bytes for raw 16-bit PCM of the sentence, in its voice, and yields every sample', async () => {
    const { tts, server } = await open();
    expect(tts.info).toEqual({ id: 'cartesia:sonic-3', label: 'Cartesia sonic-3' });
    const samples = (
      await collect(tts.synthesize({ text: ` ${TEXT} `, signal: AbortSignal.timeout(10_000) }))
    ).flatMap((b) => [...b]);
    expect(samples.findIndex((s, i) => s !== toneSample(i, 24_000))).toBe(-1);
    const [request] = server.requests;
    expect(request?.path).toBe('/tts/bytes');
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.headers['cartesia-version']).toBe('2025-04-16');
    expect(JSON.parse(request?.body.toString() ?? '')).toEqual({
      model_id: 'sonic-3',
      transcript: TEXT,
      voice: { mode: 'id', id: '694f9389-aac1-45b6-b726-9d9369183238' },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 24_000 },
      language: 'en',
    });
  });

  it('speaks in the voice the user chose, at their pace, where the model takes one', async () => {
    const { tts, server } = await open({ sampleRateHz: 16_000, language: 'fr' });
    const chosen = FAKE_CARTESIA_VOICES[1]?.id ?? '';
    await collect(
      tts.synthesize({
        text: 'Salut.',
        voice: chosen,
        speakingRate: 2,
        signal: AbortSignal.timeout(10_000),
      }),
    );
    // Another provider's voice name is not sent to Cartesia.
    await collect(
      tts.synthesize({ text: 'Salut.', voice: 'alloy', signal: AbortSignal.timeout(10_000) }),
    );
    const [first, second] = server.requests.map(
      (r) => JSON.parse(r.body.toString()) as Record<string, unknown>,
    );
    expect(first).toMatchObject({
      voice: { id: chosen },
      language: 'fr',
      output_format: { sample_rate: 16_000 },
      generation_config: { speed: 1.5 },
    });
    expect(second).toMatchObject({ voice: { id: '694f9389-aac1-45b6-b726-9d9369183238' } });
    expect(second).not.toHaveProperty('generation_config');
    const sonic2 = new CartesiaTts({ apiKey: KEY, baseUrl: server.url, model: 'sonic-2' });
    expect(sonic2.supportsSpeakingRate).toBe(false);
  });

  it("says a text in the conversation's language, whatever language it was set up with", async () => {
    const { tts, server } = await open({ language: 'en' });
    await collect(
      tts.synthesize({
        text: 'Hoe laat is het?',
        language: 'nl-BE',
        signal: AbortSignal.timeout(10_000),
      }),
    );
    const [body] = server.requests.map(
      (r) => JSON.parse(r.body.toString()) as Record<string, unknown>,
    );
    expect(body).toMatchObject({ transcript: 'Hoe laat is het?', language: 'nl' });
  });

  it('lists the account’s voices with their language, and is probed by listing one', async () => {
    const { tts, server } = await open();
    expect(await tts.voices(AbortSignal.timeout(10_000))).toEqual([
      { id: '694f9389-aac1-45b6-b726-9d9369183238', label: 'Sarah (en)' },
      { id: 'a0e99841-438c-4a64-b679-ae501e7d6091', label: 'Barbershop Man (en)' },
    ]);
    await tts.probe(AbortSignal.timeout(10_000));
    expect(server.requests.map((r) => r.path)).toEqual(['/voices?limit=100', '/voices?limit=1']);
  });
});

describe('Cartesia as a kind of provider', () => {
  it('is read from CARTESIA_* and refuses a rate it cannot play', () => {
    const plan = loadProviderPlan({
      TTS_PROVIDERS: 'cartesia,embedded',
      CARTESIA_API_KEY: KEY,
      CARTESIA_VOICE_ID: 'a0e99841-438c-4a64-b679-ae501e7d6091',
      CARTESIA_SAMPLE_RATE: '16000',
    });
    expect(plan.tts[0]).toEqual({
      kind: 'cartesia',
      name: 'cartesia',
      apiKey: KEY,
      baseUrl: 'https://api.cartesia.ai',
      model: 'sonic-3',
      voiceId: 'a0e99841-438c-4a64-b679-ae501e7d6091',
      language: 'en',
      sampleRateHz: 16_000,
    });
    expect(() => loadProviderPlan({ TTS_PROVIDERS: 'cartesia' })).toThrow(
      'TTS_PROVIDERS=cartesia but CARTESIA_API_KEY is missing',
    );
    expect(() =>
      loadProviderPlan({
        TTS_PROVIDERS: 'cartesia',
        CARTESIA_API_KEY: KEY,
        CARTESIA_SAMPLE_RATE: '44100',
      }),
    ).toThrow(/CARTESIA_SAMPLE_RATE/);
    expect(() => loadProviderPlan({ LLM_PROVIDERS: 'cartesia', CARTESIA_API_KEY: KEY })).toThrow(
      'cartesia cannot serve llm (it serves tts)',
    );
  });

  it('offers its Sonic models', async () => {
    const [spec] = loadProviderPlan({ TTS_PROVIDERS: 'cartesia', CARTESIA_API_KEY: KEY }).tts;
    expect(spec && (await listModels(spec, AbortSignal.timeout(1000)))).toEqual([
      'sonic-3',
      'sonic-2',
      'sonic-turbo',
    ]);
  });
});
