import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
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

/** Seeded noise where each word is, silence elsewhere (ms): no two stretches alike. */
function scriptOf(totalMs: number, words: { word: string; startMs: number; endMs: number }[]) {
  const samples = new Int16Array(at(totalMs));
  let seed = 11;
  for (const w of words)
    for (let i = at(w.startMs); i < at(w.endMs); i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      samples[i] = (seed % 4_000) - 2_000;
    }
  return { samples, words };
}

/** "zet de verwarming op", a pause from 1,500 ms, then "twintig". */
const paused = () =>
  scriptOf(3_300, [
    { word: 'zet', startMs: 300, endMs: 600 },
    { word: 'de', startMs: 600, endMs: 800 },
    { word: 'verwarming', startMs: 800, endMs: 1_300 },
    { word: 'op', startMs: 1_300, endMs: 1_500 },
    { word: 'twintig', startMs: 2_400, endMs: 2_900 },
  ]);

/** The fields of Deepgram's `Results` the end of a turn reads. */
interface Results {
  type: string;
  start: number;
  duration: number;
  is_final: boolean;
  speech_final: boolean;
  channel: { alternatives: { transcript: string; words: { end: number }[] }[] };
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

  it('tells with its words how far into the audio they reach (issue 63, item 9)', async () => {
    const s = script();
    fake = await startFakeDeepgram({ apiKey: KEY, script: s, wordDelayMs: 50 });
    const asr = new DeepgramAsr({ apiKey: KEY, baseUrl: fake.url, finalizeWaitMs: 60_000 });
    let words = '';
    const told: { ms: number; words: string }[] = [];
    const stream = asr.start({
      sampleRateHz: 16_000,
      signal: new AbortController().signal,
      language: 'nl',
      onPartial: (text) => (words = text),
      onCovered: (ms) => told.push({ ms, words }),
    });
    // 800 ms of the script, from where "even" starts (it ends 400 ms in, "alsjeblieft" at 800).
    const from = at(700);
    for (let i = from; i < at(1_500); i += at(100)) stream.write(s.samples.slice(i, i + at(100)));
    await expect.poll(() => told.at(-1)?.words).toBe('even alsjeblieft');
    expect(told.find((t) => t.words === 'even')?.ms).toBeGreaterThanOrEqual(400);
    expect(told.at(-1)?.ms).toBe(800);
    await stream.finish();
    await asr.close();
  });

  it('says which audio each result was made from, and closes the words at an endpoint (speech_final)', async () => {
    const s = paused();
    fake = await startFakeDeepgram({ apiKey: KEY, script: s, wordDelayMs: 50 });
    const ws = new WebSocket(`${fake.url}/v1/listen?sample_rate=16000&channels=1&language=nl`, {
      headers: { Authorization: `Token ${KEY}` },
    });
    const results: Results[] = [];
    ws.on('message', (data: Buffer) => results.push(JSON.parse(data.toString('utf8')) as Results));
    await new Promise((resolve) => ws.once('open', resolve));
    // All the audio up to 200 ms into the pause at once: every result goes out after it came.
    for (let i = 0; i < at(1_700); i += at(100))
      ws.send(Buffer.from(s.samples.slice(i, i + at(100)).buffer));
    await expect.poll(() => results.some((r) => r.speech_final)).toBe(true);
    ws.close();
    const words = (r: Results) => r.channel.alternatives[0]?.transcript;
    const reached = (r: Results) => Math.round((r.start + r.duration) * 1000);
    const last = results.find((r) => !r.is_final && words(r)?.endsWith('op'));
    // Made when the audio holding "op" had come (by 1,500 ms), not when it was sent (1,700 ms).
    expect(last && reached(last)).toBe(1_500);
    const endpoint = results.find((r) => r.speech_final);
    expect(endpoint).toMatchObject({ is_final: true });
    expect(endpoint && words(endpoint)).toBe('zet de verwarming op');
    expect(endpoint && reached(endpoint)).toBeGreaterThanOrEqual(1_510);
  });

  it('gives the reading of a pause once its words reach where the speech stopped', async () => {
    const s = paused();
    fake = await startFakeDeepgram({ apiKey: KEY, script: s, wordDelayMs: 300 });
    const asr = new DeepgramAsr({ apiKey: KEY, baseUrl: fake.url, finalizeWaitMs: 60_000 });
    const stream = asr.start({ sampleRateHz: 16_000, signal: new AbortController().signal });
    for (let i = 0; i < at(1_600); i += at(100)) stream.write(s.samples.slice(i, i + at(100)));
    // At the pause nothing has come back yet: the words so far do not reach it.
    await expect(stream.snapshot()).resolves.toMatchObject({ text: '' });
    const coverage = stream.capability('coverage');
    expect(coverage?.coveredMs()).toBe(0);
    await expect(coverage?.reading(1_500, 10_000)).resolves.toMatchObject({
      text: 'zet de verwarming op',
    });
    expect(coverage?.coveredMs()).toBeGreaterThanOrEqual(1_500);
    await asr.close();
  });
});
