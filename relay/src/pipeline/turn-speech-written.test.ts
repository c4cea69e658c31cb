import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { logger } from '../log/logger.ts';
import type { TtsProvider } from '../providers/stages/tts.ts';
import {
  startFakeElevenLabsInput,
  type FakeElevenLabsInput,
} from '../../test/fakes/elevenlabs-stream-server.ts';
import { healthy } from '../../test/fakes/faults.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../test/fakes/openai-server.ts';
import { AsyncQueue } from './async-queue.ts';
import type { SpokenText } from './reply-segments.ts';
import {
  chainOf,
  elevenLabsStreamVoice,
  emptyResult,
  ledger,
  openAiVoice,
  recorder,
} from './turn-speech.test-kit.ts';
import { TurnSpeech } from './turn-speech.ts';
import { WrittenSegment } from './written-segment.ts';

/**
 * Speaking a reply's segments while the language model writes them, in a voice that takes text
 * as it streams (ElevenLabs' WebSocket input, faked at the network boundary, 60 ms of audio per
 * character at 24 kHz) — and, when it fails, in one that takes whole text (OpenAI's speech).
 */

const RATE_HZ = 24_000;
const TEXT = 'That is a good question, and the short answer is yes.';
const STREAM = 'elevenlabs:eleven_flash_v2_5';

/** Says the segments pushed to the returned queue, as a turn started at 0 on the test's clock. */
function speaking(tts: TtsProvider, signal = new AbortController().signal) {
  const out = recorder();
  const money = ledger();
  const result = emptyResult();
  const turn = {
    turnId: 3,
    billing: money.billing,
    outputRateHz: RATE_HZ,
    output: out.output,
    signal,
    log: logger('test:speech'),
    now: () => out.clock.ms,
  };
  const speech = new TurnSpeech({ turn, startedAt: 0, result, spokenAs: {}, failed: new Set() });
  const segments = new AsyncQueue<SpokenText>();
  const done = speech.say(tts, segments);
  return { done, out, money, result, segments };
}

describe('speaking a reply as it is written', () => {
  let eleven: FakeElevenLabsInput;
  let alpha: FakeOpenAi;
  beforeAll(async () => {
    // Its first audio as soon as 20 characters are in: before the segment is whole.
    eleven = await startFakeElevenLabsInput({ apiKey: 'el-key', schedule: [20, 500] });
    alpha = await startFakeOpenAi();
    alpha.intervalMs = 0;
  });
  afterAll(async () => {
    await Promise.all([eleven.close(), alpha.close()]);
  });
  beforeEach(() => {
    eleven.setFault(healthy);
    eleven.connections.length = 0;
  });
  afterEach(async () => {
    await expect.poll(() => eleven.openSockets + alpha.openResponses).toBe(0);
  });

  it('announces a segment heard before it is whole once it is, from where its audio began', async () => {
    const s = speaking(elevenLabsStreamVoice(eleven, RATE_HZ));
    const segment = new WrittenSegment();
    s.segments.push(segment);
    segment.add('That is a good question, and');
    await expect.poll(() => s.out.samples).toBeGreaterThan(0);
    expect(s.out.events.filter((e) => e.startsWith('segment'))).toEqual([]);
    segment.finish(TEXT);
    s.segments.close();
    await s.done;
    expect(s.out.events[0]).toMatch(/^audio \d+$/);
    expect(s.out.events[1]).toBe(`segment 0@0: ${TEXT}`);
    expect(s.out.events.slice(2).every((e) => e.startsWith('audio'))).toBe(true);
    expect(s.out.samples).toBe((TEXT.length + 1) * 60 * (RATE_HZ / 1000));
    expect(s.result.audioSamples).toBe(s.out.samples);
    expect(s.money.rows).toEqual([`tts ${STREAM} #0 ${TEXT.length}`]);
  });

  it('bills the words sent when the turn is aborted while the segment is being written', async () => {
    const abort = new AbortController();
    const s = speaking(elevenLabsStreamVoice(eleven, RATE_HZ), abort.signal);
    const segment = new WrittenSegment();
    s.segments.push(segment);
    segment.add('That is');
    await expect.poll(() => eleven.connections[0]?.texts.length).toBe(1);
    abort.abort(new Error('the user spoke'));
    segment.fail(abort.signal.reason);
    await expect(s.done).rejects.toThrow('the user spoke');
    expect(s.out.events).toEqual([]);
    expect(s.money.rows).toEqual([`tts ${STREAM} #0 ${'That is'.length}`]);
  });

  it('hands a segment to a voice that takes whole text when the streaming one fails first', async () => {
    eleven.setFault({ kind: 'status', status: 503 });
    const s = speaking(chainOf(elevenLabsStreamVoice(eleven, RATE_HZ), openAiVoice(alpha)));
    const segment = new WrittenSegment();
    s.segments.push(segment);
    segment.add('That is a good');
    segment.finish(TEXT);
    s.segments.close();
    await s.done;
    const said = alpha.received('speech').map((r) => r.body.toString('utf8'));
    expect(said.map((b) => (JSON.parse(b) as { input: string }).input)).toEqual([TEXT]);
    expect(s.out.events).toEqual([`segment 0@0: ${TEXT}`, `audio ${TEXT.length * 40 * 24}`]);
    expect(s.money.rows).toEqual([`tts alpha:tts-fake #0 ${TEXT.length}`]);
  });
});
