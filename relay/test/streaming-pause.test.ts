import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floatToPcm16, type ServerMessage } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { savePreferences } from './clients.ts';
import { startFakeDeepgram, type FakeDeepgram } from './fakes/deepgram-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

/**
 * A pause mid-sentence, recognised by a streaming recogniser whose words come a few hundred ms
 * after their audio (issue 62, item 5): the fake Deepgram, speaking its live protocol, hears a
 * script (the words of seeded noise at their times) and says each word 400 ms after its audio.
 * The word before the pause owes more ("voor"): the words before it look finished, and the end of
 * the turn must not be decided on them.
 */

const KEY = 'dg-streaming-pause';
const RATE_HZ = 16_000;
const at = (ms: number) => (ms * RATE_HZ) / 1000;

/** Seeded noise where each word is, silence elsewhere; the words' times (ms). */
function utterance() {
  const words = [
    { word: 'start', startMs: 800, endMs: 1_100 },
    { word: 'een', startMs: 1_120, endMs: 1_300 },
    { word: 'timer', startMs: 1_320, endMs: 1_600 },
    // Said slowly: the words before it are heard by the pause, it is not.
    { word: 'voor', startMs: 1_620, endMs: 2_000 },
    // A pause of 900 ms: shorter than the wait after words that owe more.
    { word: 'vijftien', startMs: 2_900, endMs: 3_500 },
    { word: 'minuten', startMs: 3_520, endMs: 3_900 },
  ];
  const samples = new Float32Array(at(4_900));
  let seed = 5;
  for (const w of words)
    for (let i = at(w.startMs); i < at(w.endMs); i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      samples[i] = ((seed % 4_000) - 2_000) / 32_768;
    }
  return { samples, words };
}

describe('a pause whose last word a streaming recogniser has not said yet (issue 62)', () => {
  let fake: FakeDeepgram;
  let relay: TestRelay;
  beforeAll(async () => {
    fake = await startFakeDeepgram({ apiKey: KEY, wordDelayMs: 400 });
    relay = await startTestRelay({
      ASR_PROVIDERS: 'deepgram',
      DEEPGRAM_API_KEY: KEY,
      DEEPGRAM_BASE_URL: fake.url,
    });
    expect((await savePreferences(relay.url, { language: 'nl' })).status).toBe(200);
  });
  afterAll(async () => {
    await relay.close();
    await fake.close();
  });

  it('holds the end of the turn until the words reach the pause: "start een timer voor" is no turn', async () => {
    const { samples, words } = utterance();
    fake.setScript({ samples: floatToPcm16(samples), words });
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      const reports = await new UtteranceStreamer(client).stream(samples, {
        // Patient: the hold for the words reaching the pause is bounded by 750 ms, not 500 (a loaded
        // machine reports the pause late).
        endOfTurn: { eagerness: 'patient' },
        prosody: false,
      });
      const partials = client.received.filter(
        (m): m is Extract<ServerMessage, { type: 'transcript.partial' }> =>
          m.type === 'transcript.partial' && m.pauseSeq !== undefined,
      );
      // One turn: it did not end in the pause.
      expect(reports.map((r) => r.transcript)).toEqual(['start een timer voor vijftien minuten']);
      // On the wire: the words at the pause lacked "voor", so the reading that reaches it follows.
      expect(partials[0]).toMatchObject({ closedFollows: true });
      expect(partials[0]?.text).not.toMatch(/\bvoor$/);
      expect(partials.find((p) => p.reading === 'closed')?.text).toBe('start een timer voor');
    } finally {
      client.close();
    }
  });
});
