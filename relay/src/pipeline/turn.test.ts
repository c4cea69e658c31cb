import { describe, expect, it } from 'vitest';
import { RelayError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import type { Usage } from '../metering/usage.ts';
import type { LlmChain, LlmOutput } from '../providers/stages/llm.ts';
import type { Providers } from '../providers/stages/providers.ts';
import { FakeAsr } from '../../test/fakes/providers/asr.ts';
import { FakeLlm } from '../../test/fakes/providers/llm.ts';
import { FakeTts } from '../../test/fakes/providers/tts.ts';
import { knownRecognition } from './known-recognition.ts';
import { APOLOGY, runTurn, type TurnOptions, type TurnOutput } from './turn.ts';

const REPLY = 'It is sunny. A breeze comes later.';

/** What the turn wrote, in order: `transcript: …`, `delta: …`, `segment 0@0: …`, `audio`, `error: code`. */
function recordingOutput() {
  const events: string[] = [];
  let samples = 0;
  const output: TurnOutput = {
    transcript: (text) => events.push(`transcript: ${text}`),
    replyDelta: (text) => events.push(`delta: ${text}`),
    segment: (index, text, startSample) => events.push(`segment ${index}@${startSample}: ${text}`),
    audio: (frame) => {
      samples += frame.length;
      if (events.at(-1) !== 'audio') events.push('audio');
    },
    error: (err: RelayError) => events.push(`error: ${err.code}`),
  };
  return {
    output,
    events,
    get samples() {
      return samples;
    },
  };
}

/** The money side: what was allowed and recorded, with an optional refusal of the LLM. */
function recordingBilling(refuse?: Usage['stage']) {
  const records: string[] = [];
  return {
    records,
    billing: {
      allow: (estimate: Usage) =>
        estimate.stage === refuse ? RelayError.budgetExceeded('The budget is spent.') : null,
      record: (_turnId: number, seq: number, usage: Usage) =>
        records.push(`${usage.stage} ${usage.providerId} #${seq}`),
    },
  };
}

/** An LLM whose every call fails before its first token (a provider outage). */
const downLlm: LlmChain = {
  info: { id: 'down-llm', label: 'An LLM that is down' },
  // eslint-disable-next-line require-yield -- it fails before yielding anything
  async *stream(): AsyncGenerator<LlmOutput> {
    await Promise.resolve();
    throw new Error('503 Service Unavailable');
  },
  close: () => Promise.resolve(),
};

function turn(over: Partial<TurnOptions> & { llm?: LlmChain } = {}) {
  const out = recordingOutput();
  const money = recordingBilling();
  const voice = new FakeTts({ firstAudioDelayMs: 0, msPerChar: 10, blockMs: 100 });
  const providers: Providers = {
    asr: new FakeAsr({ transcript: 'what is the weather', finalDelayMs: 0 }),
    llm: over.llm ?? new FakeLlm({ reply: REPLY, firstTokenDelayMs: 0, tokenIntervalMs: 0 }),
    tts: voice,
  };
  const options: TurnOptions = {
    turnId: 1,
    asr: knownRecognition({ result: { text: 'what is the weather', audioMs: 0 } }),
    audioMs: 0,
    billing: money.billing,
    history: [],
    providers,
    fallbackVoice: voice,
    outputRateHz: 16_000,
    output: out.output,
    signal: new AbortController().signal,
    log: logger('test:turn'),
    now: () => performance.timeOrigin + performance.now(),
    ...over,
  };
  return { options, out, money, voice };
}

describe('runTurn, in-process', () => {
  it('hears, answers in sentences, speaks each one, and meters each call', async () => {
    const t = turn();
    const r = await runTurn(t.options);
    expect(r).toMatchObject({
      status: 'completed',
      transcript: 'what is the weather',
      reply: REPLY,
    });
    // Reply text streams in between: left out here, with repeats of `audio`.
    const spoken = t.out.events
      .filter((e) => !e.startsWith('delta'))
      .filter((e, i, all) => e !== 'audio' || all[i - 1] !== 'audio');
    // "It is sunny." is 12 characters of 10 ms at 16 kHz: the next sentence starts at 1,920.
    expect(spoken).toEqual([
      'transcript: what is the weather',
      'segment 0@0: It is sunny.',
      'audio',
      'segment 1@1920: A breeze comes later.',
      'audio',
    ]);
    expect(t.out.samples).toBe(r.audioSamples);
    // A typed message is no recognition: no ASR row; one LLM call, one TTS call a sentence.
    expect(t.money.records.toSorted()).toEqual([
      'llm fake-llm #0',
      'tts fake-tts #0',
      'tts fake-tts #1',
    ]);
    expect(r.servedBy).toEqual({ llm: 'fake-llm', tts: 'fake-tts' });
  });

  it('ends a turn with nothing heard without asking the language model', async () => {
    const t = turn({ asr: knownRecognition({ result: { text: '  ', audioMs: 0 } }) });
    const r = await runTurn(t.options);
    expect(r.status).toBe('empty');
    expect(t.money.records).toEqual([]);
  });

  it('stops where it is when the user moves on', async () => {
    const abort = new AbortController();
    const t = turn({ signal: abort.signal });
    const running = runTurn(t.options);
    abort.abort(new Error('superseded by a new question'));
    expect((await running).status).toBe('cancelled');
    expect(t.out.events.some((e) => e === 'audio')).toBe(false);
  });

  it('asks nothing of the language model when the budget refuses, and says why', async () => {
    const t = turn();
    const money = recordingBilling('llm');
    const r = await runTurn({ ...t.options, billing: money.billing });
    expect(r.status).toBe('failed');
    expect(r.budgetStop?.code).toBe('budget-exceeded');
    expect(t.out.events.at(-1)).toBe('error: budget-exceeded');
    expect(money.records).toEqual([]);
  });

  it('apologises in the fallback voice when no language model answers, billing no LLM call', async () => {
    const t = turn({ llm: downLlm });
    const r = await runTurn(t.options);
    expect(r).toMatchObject({ status: 'failed', reply: APOLOGY });
    expect(t.out.events).toContain('error: llm-failed');
    expect(t.out.events).toContain(`segment 0@0: ${APOLOGY}`);
    expect(t.money.records).toEqual(['tts fake-tts #0']);
  });

  it('lets the loop turn while it encodes a long reply, so other sessions are not held up', async () => {
    // 31 s of speech in 100 ms blocks handed over back to back (as the embedded voice yields a
    // synthesised piece from memory): encoded to Opus, hundreds of ms of work. Other sessions'
    // work, queued when the first frame goes out, must run before the last frame is framed.
    const voice = new FakeTts({ firstAudioDelayMs: 0, msPerChar: 500, blockMs: 100, burst: true });
    // One sentence: no wait for the next one between its frames.
    const llm = new FakeLlm({
      reply: 'It is sunny now and a breeze comes later today then it rains.',
      firstTokenDelayMs: 0,
      tokenIntervalMs: 0,
    });
    let frames = 0;
    let framesWhenOthersRan: number | null = null;
    const t = turn({
      llm,
      opusReply: { bitrate: 24_000 },
      fallbackVoice: voice,
      output: {
        ...recordingOutput().output,
        audio: () => {
          if (frames++ === 0)
            setImmediate(() => {
              framesWhenOthersRan = frames;
            });
        },
      },
    });
    t.options.providers.tts = voice;
    const r = await runTurn(t.options);
    expect(r.status).toBe('completed');
    expect(frames).toBeGreaterThan(300);
    expect(framesWhenOthersRan).not.toBeNull();
    expect(framesWhenOthersRan).toBeLessThan(frames);
  });
});
