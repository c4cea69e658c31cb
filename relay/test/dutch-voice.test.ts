import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preferencesResponse, type UserPreferences } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { startFakeCartesia, type FakeCartesia } from './fakes/cartesia-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

// Issue 62 item 2: a Dutch reply was said by Flite, an English voice (the embedded chain had no
// other), and a hosted voice was told the language it was set up with. The voice chain now asks
// only voices of the conversation's language: eSpeak NG's Dutch voice after Flite, a hosted
// voice told "nl"; the voices offered are of that language, and a preview is said in it.

const PREFS: UserPreferences = {
  persona: 'friendly',
  replyLength: 'short',
  speakingRate: 1,
  language: 'en',
};

async function save(relay: TestRelay, prefs: Partial<UserPreferences>) {
  const res = await fetch(`${relay.url}/api/preferences`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...PREFS, ...prefs }),
  });
  expect(res.status).toBe(200);
  return preferencesResponse.parse(await res.json());
}

/** Types `text` as turn `turnId`, answered aloud; the turn as the client saw it. */
async function typed(client: TalkClient, turnId: number, text: string) {
  client.send({ type: 'user.text', turnId, text });
  const turn = await client.waitForTurn(turnId);
  expect(turn.status).toBe('completed');
  return turn;
}

/** A WAV file's sample rate (its `fmt ` chunk, as `pcm16Wav` writes it). */
const wavRateHz = (wav: ArrayBuffer) => new DataView(wav).getUint32(24, true);

describe('the embedded voice chain in a Dutch conversation', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay();
  });
  afterAll(async () => {
    await relay.close();
  });

  it("says a Dutch reply in eSpeak NG's Dutch voice, an English one in Flite", async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      await save(relay, { language: 'nl' });
      const dutch = await typed(client, 1, 'hoe laat is het');
      expect(dutch.servedBy.tts).toBe('espeak-ng');
      expect(dutch.nonSilentSamples).toBeGreaterThan(0);
      // The voice the user chose is Flite's: a Dutch reply is still never said in it.
      await save(relay, { language: 'nl-BE', voice: 'slt' });
      expect((await typed(client, 2, 'hoe laat is het')).servedBy.tts).toBe('espeak-ng');
      await save(relay, { language: 'en' });
      const english = await typed(client, 3, 'what time is it');
      expect(english.servedBy.tts).toBe('flite');
      expect(english.nonSilentSamples).toBeGreaterThan(0);
    } finally {
      client.close();
      await client.closed();
      await save(relay, {});
    }
  });

  it('offers a Dutch user the Dutch voices, and previews one in Dutch', async () => {
    try {
      const dutch = await save(relay, { language: 'nl' });
      expect(dutch.options.voices).toEqual([
        { id: 'nl', label: 'eSpeak — Dutch, male' },
        { id: 'nl+f3', label: 'eSpeak — Dutch, female' },
      ]);
      const preview = await fetch(`${relay.url}/api/preferences/voice-preview`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ voice: 'nl+f3' }),
      });
      expect(preview.status).toBe(200);
      // eSpeak NG's rate: Flite's is 16 kHz.
      expect(wavRateHz(await preview.arrayBuffer())).toBe(22_050);
      const english = await save(relay, { language: 'en' });
      expect(english.options.voices.map((v) => v.id)).toEqual(['slt', 'rms', 'awb', 'kal16']);
    } finally {
      await save(relay, {});
    }
  });
});

describe('a hosted voice in a Dutch conversation', () => {
  const KEY = 'sk_car_dutch-voice-1f2e';
  let cartesia: FakeCartesia;
  let relay: TestRelay;
  beforeAll(async () => {
    cartesia = await startFakeCartesia({ apiKey: KEY, msPerChar: 5 });
    relay = await startTestRelay({
      TTS_PROVIDERS: 'cartesia,embedded',
      CARTESIA_API_KEY: KEY,
      CARTESIA_BASE_URL: cartesia.url,
      CARTESIA_LANGUAGE: 'en',
    });
  });
  afterAll(async () => {
    await relay.close();
    await cartesia.close();
  });

  it("is told the conversation's language on the wire, not the one it was set up with", async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      await save(relay, { language: 'nl' });
      const turn = await typed(client, 1, 'hoe laat is het');
      expect(turn.servedBy.tts).toMatch(/^cartesia/);
      const asked = cartesia.requests
        .filter((r) => r.path === '/tts/bytes')
        .map((r) => JSON.parse(r.body.toString()) as { language?: string });
      expect(asked.length).toBeGreaterThan(0);
      expect(new Set(asked.map((b) => b.language))).toEqual(new Set(['nl']));
    } finally {
      client.close();
      await client.closed();
    }
  });
});
