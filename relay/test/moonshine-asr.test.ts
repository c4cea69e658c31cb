import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcm16ToFloat, sessionDetail } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { rawRequest } from './clients.ts';

/**
 * Moonshine, chosen for recognition (`ASR_PROVIDERS=moonshine`), on the wire: what the user
 * said comes back as Moonshine writes it (casing and punctuation PocketSphinx never gives), is
 * answered, and is what the relay keeps of the turn.
 */

async function spoken(text: string): Promise<Float32Array> {
  const { samples } = await synthesizeSpeech(text, {
    leadingSilenceMs: 400,
    trailingSilenceMs: 900,
  });
  return pcm16ToFloat(samples);
}

describe('a relay whose recogniser is Moonshine', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({ ASR_PROVIDERS: 'moonshine' });
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
  });

  it('hears a question, tells partial words and its reading of the pause, and answers', async () => {
    const client = await TalkClient.connect(relay.wsUrl, { timeZone: 'UTC' });
    const [turn, ...extra] = await new UtteranceStreamer(client).stream(
      await spoken('What time is it?'),
    );
    expect(extra).toEqual([]);
    expect(turn?.status).toBe('completed');
    expect(turn?.transcript).toBe('What time is it?');
    expect(turn?.reply).toMatch(/\b\d{1,2}:\d{2}\b|o'clock|past|to /i);
    const partials = client.turns.get(turn?.turnId ?? -1)?.partials ?? [];
    expect(partials.length).toBeGreaterThan(0);
    // Its reading of the pause: closed there, as the embedded recogniser's cut is.
    expect(partials.filter((p) => p.reading === 'closed').map((p) => p.text)).toEqual([
      'What time is it?',
    ]);
    client.close();
  }, 60_000); // a hang guard: the model's first load compiles its runtime

  it('stores the turn as Moonshine heard it', async () => {
    const client = await TalkClient.connect(relay.wsUrl, { timeZone: 'UTC' });
    const [turn] = await new UtteranceStreamer(client).stream(await spoken('What time is it?'));
    expect(turn?.status).toBe('completed');
    const { sessionId } = client.ready;
    client.close();
    await expect.poll(() => relay.registry.get(sessionId)).toBeUndefined();
    const stored = await rawRequest(`${relay.url}/api/sessions/${sessionId}`);
    const turns = sessionDetail.parse(JSON.parse(stored.body)).turns;
    expect(turns.map((t) => t.userText)).toEqual(['What time is it?']);
  }, 60_000);
});
