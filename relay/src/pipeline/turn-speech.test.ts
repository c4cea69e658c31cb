import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { logger } from '../log/logger.ts';
import type { TtsProvider } from '../providers/stages/tts.ts';
import { startFakeElevenLabs, type FakeElevenLabs } from '../../test/fakes/elevenlabs-server.ts';
import { healthy } from '../../test/fakes/faults.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../test/fakes/openai-server.ts';
import type { ReceivedRequest } from '../../test/fakes/fake-http.ts';
import { AsyncQueue } from './async-queue.ts';
import type { SpokenPart } from './reply-segments.ts';
import { RESTART_PAUSE_MS } from './turn-voice.ts';
import {
  chainOf,
  elevenLabsVoice,
  emptyResult,
  fliteVoice,
  ledger,
  openAiVoice,
  recorder,
} from './turn-speech.test-kit.ts';
import { BudgetStop, TurnSpeech, type SpeakingTurn } from './turn-speech.ts';

/**
 * Speaking a reply, against voices faked at the network boundary (OpenAI's speech protocol and
 * ElevenLabs', raw PCM at 24 kHz, faults injected by the servers) and the embedded Flite. The
 * turn's clock is the test's: it moves when the test says (at each announced segment), so the
 * timings are exact.
 */

const RATE_HZ = 24_000;
/** The OpenAI fake speaks 40 ms per character, in chunks of 4,800 bytes (100 ms). */
const alphaSamples = (text: string) => text.length * 40 * (RATE_HZ / 1000);
const ONE_CHUNK = 2400;
/** The ElevenLabs fake speaks 60 ms per character. */
const elevenSamples = (text: string) => text.length * 60 * (RATE_HZ / 1000);
const PAUSE = (RATE_HZ * RESTART_PAUSE_MS) / 1000;

const S0 = 'The first sentence is here.';
const S1 = 'Then a second one.';

/** The events of {@link S0} and {@link S1} said whole by one voice, `samplesOf` a sentence. */
const bothSentences = (samplesOf: (text: string) => number) => [
  `segment 0@0: ${S0}`,
  `audio ${samplesOf(S0)}`,
  `segment 1@${samplesOf(S0)}: ${S1}`,
  `audio ${samplesOf(S1)}`,
];

const spoken = (rs: readonly ReceivedRequest[]) =>
  rs
    .map((r) => JSON.parse(r.body.toString('utf8')) as { input?: string; text?: string })
    .map((b) => b.input ?? b.text);
const elevenSaid = (eleven: FakeElevenLabs) =>
  spoken(eleven.requests.filter((r) => r.method === 'POST'));

interface Speaking {
  tts: TtsProvider;
  sentences?: string[];
  signal?: AbortSignal;
  /** The apology's way: the sentences said as one, or nothing. */
  sayOnly?: boolean;
  refuseFromCall?: number;
  /** An answer started ahead of need (see TurnOptions.speculative). */
  speculative?: SpeakingTurn['speculative'];
}

/** Speaks `sentences` in `tts` as a turn started at 0 on the test's clock. */
function speaking(s: Speaking) {
  const out = recorder();
  const money = ledger(s.refuseFromCall);
  const result = emptyResult();
  const failed = new Set<string>();
  const turn: SpeakingTurn = {
    turnId: 3,
    billing: money.billing,
    outputRateHz: RATE_HZ,
    output: out.output,
    signal: s.signal ?? new AbortController().signal,
    log: logger('test:speech'),
    now: () => out.clock.ms,
    ...(s.speculative ? { speculative: s.speculative } : {}),
  };
  const speech = new TurnSpeech({ turn, startedAt: 0, result, spokenAs: {}, failed });
  const texts = s.sentences ?? [S0, S1];
  const sentences = new AsyncQueue<string>();
  for (const text of texts) sentences.push(text);
  sentences.close();
  const done = s.sayOnly ? speech.sayOnly(s.tts, texts.join(' ')) : speech.say(s.tts, sentences);
  return { done, out, money, result, failed };
}

describe('speaking a reply', () => {
  let alpha: FakeOpenAi;
  let eleven: FakeElevenLabs;
  beforeAll(async () => {
    alpha = await startFakeOpenAi();
    eleven = await startFakeElevenLabs({ apiKey: 'el-key' });
  });
  afterAll(async () => {
    await Promise.all([alpha.close(), eleven.close()]);
  });
  beforeEach(() => {
    alpha.setFault('speech', healthy);
    alpha.intervalMs = 0;
    eleven.setFault(healthy);
    alpha.requests.length = 0;
    eleven.requests.length = 0;
  });
  afterEach(async () => {
    await expect.poll(() => alpha.openResponses + eleven.openResponses).toBe(0);
  });

  const chain = () => chainOf(openAiVoice(alpha), elevenLabsVoice(eleven, RATE_HZ));

  it('says each sentence as one call, announced with its first audio, billed to its voice', async () => {
    const s = speaking({ tts: chain() });
    await s.done;
    expect(s.out.events).toEqual(bothSentences(alphaSamples));
    expect(s.result.audioSamples).toBe(s.out.samples);
    expect(s.money.rows).toEqual([
      `tts alpha:tts-fake #0 ${S0.length}`,
      `tts alpha:tts-fake #1 ${S1.length}`,
    ]);
    expect(s.result.servedBy).toEqual({ tts: 'alpha:tts-fake' });
    // Asked at 100 on the turn's clock (started at 0), heard at 350; the second sentence's
    // audio, the reply's last, at 600: the whole synthesis took 500.
    expect(s.result.marks).toEqual({ ttsRequestAtMs: 100, ttsFirstAudioAtMs: 350 });
    expect(s.result.timings).toEqual({
      ttsFirstAudioMs: 250,
      relayFirstAudioMs: 350,
      ttsTotalMs: 500,
    });
  });

  it('says an aside in the reply’s voice, announced with no words and billed, and knows when the words end', async () => {
    const LINE = "One moment, I'm checking.";
    const out = recorder();
    const money = ledger();
    const turn: SpeakingTurn = {
      turnId: 3,
      billing: money.billing,
      outputRateHz: RATE_HZ,
      output: out.output,
      signal: new AbortController().signal,
      log: logger('test:speech'),
      now: () => out.clock.ms,
    };
    const speech = new TurnSpeech({
      turn,
      startedAt: 0,
      result: emptyResult(),
      spokenAs: {},
      failed: new Set(),
    });
    const parts = new AsyncQueue<SpokenPart>();
    parts.push(S0);
    const done = speech.say(openAiVoice(alpha), parts);
    // The first sentence is heard from 350 ms (its first audio) for its whole length.
    expect(await speech.heardUntil(1)).toBe(350 + (alphaSamples(S0) / RATE_HZ) * 1000);
    parts.push({ aside: LINE });
    parts.push(S1);
    parts.close();
    await done;
    expect(out.events).toEqual([
      `segment 0@0: ${S0}`,
      `audio ${alphaSamples(S0)}`,
      `segment 1@${alphaSamples(S0)}: `,
      `audio ${alphaSamples(LINE)}`,
      `segment 2@${alphaSamples(S0) + alphaSamples(LINE)}: ${S1}`,
      `audio ${alphaSamples(S1)}`,
    ]);
    expect(money.rows).toEqual([
      `tts alpha:tts-fake #0 ${S0.length}`,
      `tts alpha:tts-fake #1 ${LINE.length}`,
      `tts alpha:tts-fake #2 ${S1.length}`,
    ]);
  });

  it('hands a sentence cut off mid-way to the next voice: said again after a pause, with one note', async () => {
    // Its first 100 ms, then (30 ms later) the connection drops.
    alpha.intervalMs = 30;
    alpha.setFault('speech', { kind: 'reset', afterChunks: 1 });
    const s = speaking({ tts: chain() });
    await s.done;
    // What alpha's first chunk brought before the drop (the reset may lose its tail).
    const cut = Number(s.out.events[1]?.replace('audio ', ''));
    expect(cut).toBeGreaterThan(0);
    expect(cut).toBeLessThanOrEqual(ONE_CHUNK);
    expect(s.out.events).toEqual([
      `segment 0@0: ${S0}`,
      `audio ${cut}`,
      // Told at once (an interrupt now claims none of the cut words), then the note, the
      // pause and the sentence again, in the next voice.
      `segment 0@${cut}: ${S0}`,
      'error: tts-failed',
      `silence ${PAUSE}`,
      `audio ${elevenSamples(S0)}`,
      `segment 1@${cut + PAUSE + elevenSamples(S0)}: ${S1}`,
      `audio ${elevenSamples(S1)}`,
    ]);
    expect(s.out.errors[0]?.message).toMatch(/another voice took over/);
    // The voice that broke off is not asked again in the turn.
    expect(spoken(alpha.received('speech'))).toEqual([S0]);
    expect(elevenSaid(eleven)).toEqual([S0, S1]);
    expect(s.failed.has('alpha:tts-fake')).toBe(true);
    expect(s.failed.has('elevenlabs:eleven_flash_v2_5')).toBe(false);
    // Each call billed to the voice that served it: alpha for the part it said.
    expect(s.money.rows).toEqual([
      `tts alpha:tts-fake #0 ${S0.length}`,
      `tts elevenlabs:eleven_flash_v2_5 #1 ${S0.length}`,
      `tts elevenlabs:eleven_flash_v2_5 #2 ${S1.length}`,
    ]);
    expect(s.result.servedBy).toEqual({ tts: 'elevenlabs:eleven_flash_v2_5' });
    // The first audio heard is the turn's, not the next voice's; the whole synthesis ends with
    // the next voice's last audio (the third segment told, at 850).
    expect(s.result.timings).toEqual({
      ttsFirstAudioMs: 250,
      relayFirstAudioMs: 350,
      ttsTotalMs: 750,
    });
    expect(s.result.audioSamples).toBe(s.out.samples);
  });

  it('fails over before the first audio silently: no note, no pause, nothing billed to the voice that failed', async () => {
    alpha.setFault('speech', { kind: 'status', status: 500 });
    const s = speaking({ tts: chain() });
    await s.done;
    expect(s.out.events).toEqual(bothSentences(elevenSamples));
    expect(spoken(alpha.received('speech'))).toEqual([S0]);
    expect(s.money.rows).toEqual([
      `tts elevenlabs:eleven_flash_v2_5 #0 ${S0.length}`,
      `tts elevenlabs:eleven_flash_v2_5 #1 ${S1.length}`,
    ]);
  });

  it('goes on as text, said once, when no voice can speak; the sentences are still taken', async () => {
    alpha.setFault('speech', { kind: 'status', status: 500 });
    const s = speaking({ tts: chainOf(openAiVoice(alpha)), sentences: [S0, S1, 'And a third.'] });
    await s.done;
    expect(s.out.events).toEqual(['error: tts-failed']);
    expect(s.out.errors[0]?.message).toMatch(/shown as text/);
    expect(spoken(alpha.received('speech'))).toEqual([S0]);
    expect(s.money.rows).toEqual([]);
    expect(s.result.servedBy).toEqual({});
  });

  it('throws instead when asked to say it or nothing (the apology)', async () => {
    alpha.setFault('speech', { kind: 'status', status: 500 });
    const s = speaking({ tts: openAiVoice(alpha), sentences: [S0], sayOnly: true });
    await expect(s.done).rejects.toMatchObject({ status: 500 });
    expect(s.out.events).toEqual([]);
    expect(s.money.rows).toEqual([]);
  });

  it('stops mid-sentence when the turn is aborted, billing the call under way and no other', async () => {
    // 100 ms of audio each 30 ms: the abort comes while alpha is still streaming.
    alpha.intervalMs = 30;
    const abort = new AbortController();
    const s = speaking({ tts: chain(), signal: abort.signal });
    s.out.afterEachFrame(() => abort.abort(new Error('the user spoke')));
    await expect(s.done).rejects.toThrow('the user spoke');
    // What had come of the first chunk (the network may hand it over in parts), and no more.
    expect(s.out.events).toEqual([`segment 0@0: ${S0}`, expect.stringMatching(/^audio \d+$/)]);
    expect(s.out.samples).toBeLessThanOrEqual(ONE_CHUNK);
    expect(s.result.audioSamples).toBe(s.out.samples);
    expect(spoken(alpha.received('speech'))).toEqual([S0]);
    expect(s.money.rows).toEqual([`tts alpha:tts-fake #0 ${S0.length}`]);
  });

  it('bills the voice being asked when the turn is aborted before its first audio', async () => {
    alpha.setFault('speech', { kind: 'hang' });
    const abort = new AbortController();
    const s = speaking({ tts: chain(), signal: abort.signal });
    await expect.poll(() => alpha.received('speech').length).toBe(1);
    abort.abort(new Error('the user spoke'));
    await expect(s.done).rejects.toThrow('the user spoke');
    expect(s.out.events).toEqual([]);
    expect(s.money.rows).toEqual([`tts alpha:tts-fake #0 ${S0.length}`]);
    expect(eleven.requests).toEqual([]);
  });

  it('stops before a call the budget refuses, having billed the calls before it', async () => {
    const s = speaking({ tts: chain(), refuseFromCall: 1 });
    const stop = await s.done.catch((e: unknown) => e);
    expect(stop).toBeInstanceOf(BudgetStop);
    expect(stop).toMatchObject({ error: { code: 'budget-exceeded' } });
    expect(spoken(alpha.received('speech'))).toEqual([S0]);
    expect(s.money.rows).toEqual([`tts alpha:tts-fake #0 ${S0.length}`]);
  });
});

describe('speaking a held answer', () => {
  let alpha: FakeOpenAi;
  beforeAll(async () => {
    alpha = await startFakeOpenAi();
    alpha.intervalMs = 0;
  });
  afterAll(() => alpha.close());

  it('says its first sentence at once and the rest once released, metered as held under its own seqs', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const s = speaking({ tts: openAiVoice(alpha), speculative: { usageSeq: 4, released } });
    await expect.poll(() => s.money.rows).toEqual([`tts alpha:tts-fake #4 ${S0.length} held`]);
    expect(spoken(alpha.received('speech'))).toEqual([S0]);
    release();
    await s.done;
    expect(spoken(alpha.received('speech'))).toEqual([S0, S1]);
    expect(s.money.rows).toEqual([
      `tts alpha:tts-fake #4 ${S0.length} held`,
      `tts alpha:tts-fake #5 ${S1.length} held`,
    ]);
    expect(s.out.events.filter((e) => e.startsWith('segment'))).toEqual([
      `segment 0@0: ${S0}`,
      `segment 1@${alphaSamples(S0)}: ${S1}`,
    ]);
  });
});

describe('speaking in the embedded voice', () => {
  const flite = fliteVoice();
  afterAll(() => flite.close());

  it('stops a sentence synthesised at once when the turn is aborted after its first frame', async () => {
    const abort = new AbortController();
    const s = speaking({ tts: flite, signal: abort.signal });
    s.out.afterEachFrame(() => abort.abort(new Error('the user spoke')));
    await expect(s.done).rejects.toThrow('the user spoke');
    // Flite hands over 200 ms blocks from memory: the speaking stops within the first.
    expect(s.out.events).toEqual([`segment 0@0: ${S0}`, expect.stringMatching(/^audio \d+$/)]);
    expect(s.out.samples).toBeLessThanOrEqual(0.2 * RATE_HZ);
    expect(s.result.audioSamples).toBe(s.out.samples);
    expect(s.money.rows).toEqual([`tts flite #0 ${S0.length}`]);
  });
});
