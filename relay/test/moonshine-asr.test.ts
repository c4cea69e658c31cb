import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthResponse, pcm16ToFloat, readyResponse, sessionDetail } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { rawRequest } from './clients.ts';
import { SHIPPED_RECOGNISER } from './relay-process.ts';

/**
 * Moonshine, the default writer (issue 61; `ASR_PROVIDERS` unset), on the wire: PocketSphinx
 * listens (the words told while the user speaks and at the pause, which the end of the turn
 * weighs), Moonshine writes — what the user said comes back as Moonshine writes it (casing and
 * punctuation PocketSphinx never gives), is answered, and is what the relay keeps of the turn.
 */

async function spoken(text: string, voice = 'slt'): Promise<Float32Array> {
  const { samples } = await synthesizeSpeech(text, {
    voice,
    leadingSilenceMs: 400,
    trailingSilenceMs: 900,
  });
  return pcm16ToFloat(samples);
}

describe('a relay whose recogniser is the default, Moonshine', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({ ...SHIPPED_RECOGNISER });
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
  });

  it('says so on /health and /ready: Moonshine first, PocketSphinx alone behind it, no warning', async () => {
    const health = healthResponse.parse(await (await fetch(`${relay.url}/health`)).json());
    expect(health.providers.asr).toBe('moonshine');
    const ready = readyResponse.parse(await (await fetch(`${relay.url}/ready`)).json());
    expect(ready.stages.asr.providers).toEqual(['moonshine', 'pocketsphinx']);
    expect(ready.warnings).toEqual([]);
  });

  it('answers in Moonshine’s writing; the words told while the user speaks are PocketSphinx’s', async () => {
    const client = await TalkClient.connect(relay.wsUrl, { timeZone: 'UTC' });
    const [turn, ...extra] = await new UtteranceStreamer(client).stream(
      await spoken('What time is it?'),
    );
    expect(extra).toEqual([]);
    expect(turn?.status).toBe('completed');
    expect(turn?.transcript).toBe('What time is it?');
    expect(turn?.reply).toMatch(/\b\d{1,2}:\d{2}\b|o'clock|past|to /i);
    // The running words are PocketSphinx's: lower case, no punctuation. (Under load its first
    // words may come only after the turn: then none are told.) A pause's closed reading is the
    // listener's or, where it ends on the listener's last word, the writer's (PauseWords.written),
    // whichever came first; told once per pause (pause-words.test.ts), though two pauses may
    // stand at the same seq on the wire (speech resumed and stopped within one chunk, seen under
    // load in CI).
    const partials = client.turns.get(turn?.turnId ?? -1)?.partials ?? [];
    const listeners = (p: { text: string }) =>
      p.text === p.text.toLowerCase() && !/[.?]/.test(p.text);
    const running = partials.filter((p) => p.reading !== 'closed');
    expect(running.filter((p) => !listeners(p))).toEqual([]);
    const closed = partials.filter((p) => p.reading === 'closed');
    expect(closed.filter((p) => !listeners(p) && p.text !== turn?.transcript)).toEqual([]);
    client.close();
  }, 60_000); // a hang guard: the model's first load compiles its runtime

  it('answers, and keeps, the words Moonshine heard where PocketSphinx misheard them', async () => {
    const client = await TalkClient.connect(relay.wsUrl, { timeZone: 'UTC' });
    // PocketSphinx reads it "one is twelve times a" (or "blood is …"): on its words the
    // responder would not find the sum.
    const [turn] = await new UtteranceStreamer(client).stream(
      await spoken('What is twelve times eight?'),
    );
    expect(turn?.status).toBe('completed');
    expect(turn?.transcript).toBe('What is twelve times eight?');
    expect(turn?.reply).toBe('12 times 8 is 96.');
    const { sessionId } = client.ready;
    client.close();
    await expect.poll(() => relay.registry.get(sessionId)).toBeUndefined();
    const stored = await rawRequest(`${relay.url}/api/sessions/${sessionId}`);
    const turns = sessionDetail.parse(JSON.parse(stored.body)).turns;
    expect(turns.map((t) => t.userText)).toEqual(['What is twelve times eight?']);
  }, 60_000);
});
