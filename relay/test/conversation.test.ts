import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcm16ToFloat } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { RELIABLE_PHRASES } from './fixtures/phrases.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

async function spoken(text: string): Promise<Float32Array> {
  const { samples } = await synthesizeSpeech(text, {
    leadingSilenceMs: 400,
    trailingSilenceMs: 900,
  });
  return pcm16ToFloat(samples);
}

/** The headless client says each phrase 4× faster than real time: the relay takes it as it comes. */
const SPEED = 4;

describe('the whole loop through the relay, driven by the headless client', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    // As shipped: PocketSphinx decoders loaded ahead (TEST_RELAY_ENV leaves them out).
    relay = await startTestRelay({ POCKETSPHINX_SPARES: '2' });
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
  });

  it('hears several sentences in one session, answers each, and speaks the answers', async () => {
    const client = await TalkClient.connect(relay.wsUrl, {
      outputSampleRateHz: 24_000,
      timeZone: 'UTC',
    });
    const streamer = new UtteranceStreamer(client);
    const phrases = [
      {
        text: 'What time is it?',
        transcript: 'what time is it',
        reply: /^It's \d{1,2}:\d{2} [AP]M\.$/,
      },
      ...RELIABLE_PHRASES.filter((p) =>
        ['good morning', 'thank you very much'].includes(p.transcript),
      ).map((p) => ({
        ...p,
        reply: /./,
      })),
      {
        text: 'What did I just say?',
        transcript: 'what did i just say',
        reply: /^You said: "thank you very much"\.$/,
      },
    ];
    for (const phrase of phrases) {
      const [turn, ...extra] = await streamer.stream(await spoken(phrase.text), { speed: SPEED });
      expect(extra).toEqual([]);
      expect(turn?.status).toBe('completed');
      expect(turn?.transcript).toBe(phrase.transcript);
      expect(turn?.reply).toMatch(phrase.reply);
      // About a second of speech per reply at the 24 kHz the client asked for.
      expect(turn?.replyAudioMs).toBeGreaterThan(500);
      const record = client.turns.get(turn?.turnId ?? -1);
      expect(record?.nonSilentSamples).toBeGreaterThan(0.3 * 24_000);
      expect(turn?.timings.voiceToVoiceMs).toBeGreaterThan(0);
    }
    client.close();
  }, 60_000); // a hang guard: five turns took over 20 s at load 15

  it('answers arithmetic even when "what is" is heard as "one is"', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    const [turn] = await new UtteranceStreamer(client).stream(
      await spoken('What is five times six?'),
      { speed: SPEED },
    );
    expect(turn?.transcript).toMatch(/five times six$/);
    expect(turn?.reply).toBe('5 times 6 is 30.');
    client.close();
  });

  it('ends a turn with nothing to say when the audio holds no words', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    // A loud tone the endpointer takes for speech and the recogniser finds no words in.
    const tone = new Float32Array(16_000 * 2);
    for (let i = 8_000; i < 20_000; i++) tone[i] = 0.2 * Math.sin((2 * Math.PI * 50 * i) / 16_000);
    const turns = await new UtteranceStreamer(client).stream(tone, { speed: SPEED });
    expect(turns.length).toBe(1);
    expect(turns[0]).toMatchObject({ status: 'empty', transcript: '', reply: '', replyAudioMs: 0 });
    client.close();
  });
});
