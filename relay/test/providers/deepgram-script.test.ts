import { afterEach, describe, expect, it } from 'vitest';
import { DeepgramAsr } from '../../src/providers/vendors/deepgram/deepgram.ts';
import { startFakeDeepgram, type FakeDeepgram } from '../fakes/deepgram-server.ts';

const KEY = 'dg-script-key';
/** 16 kHz: ms → samples. */
const at = (ms: number) => ms * 16;

/** A script: 300 ms of silence, then three words of 400 ms each (seeded noise: no repeats). */
function script() {
  const samples = new Int16Array(at(1_500));
  let seed = 7;
  for (let i = at(300); i < at(1_500); i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    samples[i] = (seed % 4_000) - 2_000;
  }
  const words = ['wacht', 'even', 'alsjeblieft'].map((word, k) => ({
    word,
    startMs: 300 + 400 * k,
    endMs: 700 + 400 * k,
  }));
  return { samples, words };
}

let fake: FakeDeepgram | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

describe('the fake Deepgram with a script (the benches’ streaming recogniser, issue 62)', () => {
  it('finds the utterance in the script by its samples and says its words at their times', async () => {
    const s = script();
    fake = await startFakeDeepgram({ apiKey: KEY, script: s, wordDelayMs: 50 });
    const asr = new DeepgramAsr({ apiKey: KEY, baseUrl: fake.url, finalizeWaitMs: 60_000 });
    const partials: string[] = [];
    const stream = asr.start({
      sampleRateHz: 16_000,
      signal: new AbortController().signal,
      language: 'nl',
      onPartial: (text) => partials.push(text),
    });
    // The utterance starts where the second word does: the first is not in its audio.
    const from = at(700);
    for (let i = from; i < at(1_500); i += at(100)) stream.write(s.samples.slice(i, i + at(100)));
    await expect.poll(() => partials.at(-1)).toBe('even alsjeblieft');
    expect(partials).toEqual(['even', 'even alsjeblieft']);
    await expect(stream.finish()).resolves.toMatchObject({ text: 'even alsjeblieft' });
    expect(fake.connections[0]?.query.language).toBe('nl');
    await asr.close();
  });
});
