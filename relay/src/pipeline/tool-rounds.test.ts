import { describe, expect, it } from 'vitest';
import { RelayError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import type { Usage } from '../metering/usage.ts';
import type { Tool } from '../tools/tool.ts';
import { FakeAsr } from '../../test/fakes/providers/asr.ts';
import { FakeLlm } from '../../test/fakes/providers/llm.ts';
import { FakeTts } from '../../test/fakes/providers/tts.ts';
import { HeldOutput } from './held-output.ts';
import { knownRecognition } from './known-recognition.ts';
import { runTurn, type TurnOptions } from './turn.ts';

/** A read-only tool that counts its runs. */
function lookup() {
  let runs = 0;
  const tool: Tool = {
    name: 'lookup',
    description: 'Looks it up.',
    inputSchema: { type: 'object', properties: {} },
    origin: { kind: 'builtin' },
    readOnly: true,
    run: () => {
      runs++;
      return Promise.resolve({ content: 'found', summary: 'found' });
    },
  };
  return {
    tool,
    get runs() {
      return runs;
    },
  };
}

/**
 * A text-only turn whose model calls `lookup` once, then answers; the budget refuses the LLM
 * call numbered `refuseLlmCall` (from 1: the turn's first), if any.
 */
function toolTurn(refuseLlmCall?: number, speculative?: TurnOptions['speculative']) {
  const records: string[] = [];
  let llmCalls = 0;
  const llm = new FakeLlm({ reply: 'It is found.', firstTokenDelayMs: 0, tokenIntervalMs: 0 });
  llm.script = [{ text: 'Let me see.', toolCalls: [{ name: 'lookup', arguments: '{}' }] }];
  const found = lookup();
  const tts = new FakeTts({ firstAudioDelayMs: 0, msPerChar: 10, blockMs: 100 });
  const options: TurnOptions = {
    turnId: 1,
    asr: knownRecognition({ result: { text: 'look it up', audioMs: 0 } }),
    audioMs: 0,
    billing: {
      allow: (estimate: Usage) =>
        estimate.stage === 'llm' && ++llmCalls === refuseLlmCall
          ? RelayError.budgetExceeded('The budget is spent.')
          : null,
      record: (_turnId, seq, usage) => records.push(`${usage.stage} #${seq}`),
    },
    history: [],
    providers: {
      asr: new FakeAsr({ transcript: 'look it up', finalDelayMs: 0 }),
      llm,
      tts,
    },
    outputRateHz: 16_000,
    silent: true,
    // Never released: it keeps everything to itself (the result says what the turn did).
    output: new HeldOutput(),
    tools: {
      available: Promise.resolve([found.tool]),
      userId: 'u',
      sessionId: 's',
      maxRounds: 5,
      maxCallsPerRound: 10,
      budgetMs: 15_000,
    },
    ...(speculative ? { speculative } : {}),
    signal: new AbortController().signal,
    log: logger('test:turn'),
    now: () => performance.timeOrigin + performance.now(),
  };
  return { options, records, found, llm };
}

describe('the rounds of a turn that calls a tool', () => {
  it('meters each round as an LLM call of its own, under its own seq', async () => {
    const t = toolTurn();
    const r = await runTurn(t.options);
    expect(r).toMatchObject({ status: 'completed', reply: 'Let me see. It is found.' });
    expect(t.records).toEqual(['llm #0', 'llm #1']);
    expect(t.llm.toolsOffered).toEqual([['lookup'], ['lookup']]);
  });

  it('meters a speculative answer’s rounds under its seqs', async () => {
    const t = toolTurn(undefined, { usageSeq: 2000 });
    await runTurn(t.options);
    expect(t.records).toEqual(['llm #2000', 'llm #2001']);
  });

  it('asks the budget before each round: a later round it refuses ends the turn on what was said', async () => {
    const t = toolTurn(2);
    const r = await runTurn(t.options);
    expect(t.found.runs).toBe(1);
    expect(r.status).toBe('failed');
    expect(r.budgetStop?.code).toBe('budget-exceeded');
    expect(r.reply).toBe('Let me see.');
    expect(r.toolCalls?.map((c) => c.status)).toEqual(['done']);
    expect(t.records).toEqual(['llm #0']);
  });
});
