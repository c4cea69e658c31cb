import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preferencesResponse, type UserPreferences } from '@parley/shared';
import { CANNOT_ANSWER, OFFLINE_NOTICE } from '../src/providers/embedded/offline/responder.ts';
import { FLITE_VOICE_OPTIONS } from '../src/providers/embedded/flite/flite.ts';
import { TalkClient } from '../src/talk/client.ts';
import {
  FAKE_VOICES,
  startFakeElevenLabs,
  type FakeElevenLabs,
} from './fakes/elevenlabs-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

// Issue 24: the voices offered are the active voice provider's, and the user's choice and pace
// change what is synthesised; the embedded default answers what it cannot in one sentence.

const DEFAULTS: UserPreferences = {
  persona: 'friendly',
  replyLength: 'short',
  speakingRate: 1,
  language: 'en',
};

async function save(relay: TestRelay, prefs: UserPreferences) {
  const res = await fetch(`${relay.url}/api/preferences`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(prefs),
  });
  expect(res.status).toBe(200);
  return preferencesResponse.parse(await res.json());
}

async function typed(client: TalkClient, turnId: number, text: string) {
  client.send({ type: 'user.text', turnId, text });
  const turn = await client.waitForTurn(turnId);
  expect(turn.status).toBe('completed');
  return turn;
}

describe('the embedded providers (dev mode)', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay();
  });
  afterAll(async () => {
    await relay.close();
  });

  it("offer Flite's four voices, every language (spoken: English only), a pace; the local user may edit providers", async () => {
    const body = preferencesResponse.parse(
      await (await fetch(`${relay.url}/api/preferences`)).json(),
    );
    expect(body.options.voices).toEqual(FLITE_VOICE_OPTIONS);
    expect(body.options.voices.map((v) => v.id)).toEqual(['slt', 'rms', 'awb', 'kal16']);
    // Any language is typed (issue 62); the embedded recognisers hear English only, and say so.
    expect(body.options.languages.map((l) => l.id)).toContain('nl');
    expect(body.options.languages[0]).toEqual({ id: 'en', label: 'English' });
    expect(body.options.recognised).toEqual(['en']);
    expect(body.options.speakingRate).toBe(true);
    expect(body.canEditProviders).toBe(true);
  });

  it("speak at the user's pace, from their next turn", async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      const question = 'what is twelve times seven';
      const normal = await typed(client, 1, question);
      await save(relay, { ...DEFAULTS, speakingRate: 2 });
      const fast = await typed(client, 2, question);
      await save(relay, { ...DEFAULTS, speakingRate: 0.5 });
      const slow = await typed(client, 3, question);
      expect(fast.replyText).toBe(normal.replyText);
      // Flite stretches its durations by 1 / rate (pauses included, so not exactly).
      expect(fast.audioSamples / normal.audioSamples).toBeLessThan(0.7);
      expect(slow.audioSamples / normal.audioSamples).toBeGreaterThan(1.5);
    } finally {
      client.close();
      await client.closed();
      await save(relay, DEFAULTS);
    }
  });

  it("speak in the user's voice", async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      const slt = await typed(client, 1, 'what is two plus two');
      await save(relay, { ...DEFAULTS, voice: 'awb' });
      const awb = await typed(client, 2, 'what is two plus two');
      // Another speaker says the same words in another time.
      expect(awb.audioSamples).not.toBe(slt.audioSamples);
    } finally {
      client.close();
      await client.closed();
      await save(relay, DEFAULTS);
    }
  });

  it('answer what they cannot in one short sentence, the how-to in the notice', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      expect(client.ready.providers.llm.notice).toBe(OFFLINE_NOTICE);
      expect(OFFLINE_NOTICE).toMatch(/^Offline responder/);
      const turn = await typed(client, 1, 'tell me about the history of whales');
      expect(turn.replyText).toBe(CANNOT_ANSWER);
      // Under 4 s of speech (at the 16 kHz the client asked for): it was ~9 s.
      expect(turn.audioSamples / 16_000).toBeLessThan(4);
    } finally {
      client.close();
      await client.closed();
    }
  });
});

describe('ElevenLabs as the voice', () => {
  const KEY = 'xi-preferences-test-key';
  let relay: TestRelay;
  let eleven: FakeElevenLabs;
  beforeAll(async () => {
    eleven = await startFakeElevenLabs({ apiKey: KEY, chunkIntervalMs: 0 });
    relay = await startTestRelay({
      TTS_PROVIDERS: 'elevenlabs',
      ELEVENLABS_API_KEY: KEY,
      ELEVENLABS_BASE_URL: eleven.url,
      HEALTH_PROBE_INTERVAL_S: '0',
    });
  });
  afterAll(async () => {
    await relay.close();
    await eleven.close();
  });

  const voiceListRequests = () => eleven.requests.filter((r) => r.path === '/v1/voices').length;

  it("offers the account's voices from its API, asked once for a few minutes", async () => {
    const get = async () =>
      preferencesResponse.parse(await (await fetch(`${relay.url}/api/preferences`)).json());
    const first = await get();
    expect(first.options.voices).toEqual([
      { id: FAKE_VOICES[0]?.voice_id, label: 'Rachel (american, calm)' },
      { id: FAKE_VOICES[1]?.voice_id, label: 'George (british, warm)' },
    ]);
    expect(first.options.speakingRate).toBe(true);
    await get();
    expect(voiceListRequests()).toBe(1);
  });

  it("synthesises in the user's voice at their pace (within ElevenLabs' range)", async () => {
    const george = FAKE_VOICES[1]?.voice_id ?? '';
    const client = await TalkClient.connect(relay.wsUrl);
    const synth = () => eleven.requests.filter((r) => r.path.includes('/text-to-speech/'));
    try {
      await typed(client, 1, 'what is two plus two');
      const before = synth();
      expect(before.length).toBeGreaterThan(0);
      for (const r of before) {
        expect(r.path).toContain('/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream');
        expect(JSON.parse(r.body.toString('utf8'))).not.toHaveProperty('voice_settings');
      }
      await save(relay, { ...DEFAULTS, voice: george, speakingRate: 1.1 });
      await typed(client, 2, 'what is two plus two');
      await save(relay, { ...DEFAULTS, voice: george, speakingRate: 2 });
      await typed(client, 3, 'what is two plus two');
      const after = synth().slice(before.length);
      expect(after.length).toBeGreaterThan(1);
      for (const r of after) expect(r.path).toContain(`/v1/text-to-speech/${george}/stream`);
      const speeds = after.map(
        (r) =>
          (JSON.parse(r.body.toString('utf8')) as { voice_settings?: { speed?: number } })
            .voice_settings?.speed,
      );
      expect(new Set(speeds)).toEqual(new Set([1.1, 1.2]));
    } finally {
      client.close();
      await client.closed();
    }
  });
});
