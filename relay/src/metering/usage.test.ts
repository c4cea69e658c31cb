import { describe, expect, it } from 'vitest';
import type { LlmOutput } from '../providers/stages/llm.ts';
import {
  asrUsage,
  countCharacters,
  estimatePromptTokens,
  estimateTokens,
  LlmUsageCounter,
  ttsUsage,
  usageKey,
} from './usage.ts';

const prompt = [
  { role: 'system' as const, content: 'You are a helpful voice assistant. Be brief.' },
  { role: 'user' as const, content: 'What time is it in Tokyo?' },
];

describe('usage keys', () => {
  it('identify one provider call: session, turn, stage and sequence', () => {
    expect(usageKey({ sessionId: 'Xy_9', turnId: 4, stage: 'tts', seq: 2 })).toBe('Xy_9:4:tts:2');
  });
});

describe('token estimates', () => {
  it('count about four characters per token in English', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('Hello there, how are you?')).toBe(7); // 25 bytes
    expect(estimateTokens('a'.repeat(4000))).toBe(1000);
  });

  it('count UTF-8 bytes, so scripts with many tokens per character are not undercounted', () => {
    expect(estimateTokens('東京は今何時ですか')).toBe(7); // 9 characters, 27 bytes
  });

  it('add framing for each message of a prompt', () => {
    // 2 priming + (4 + ⌈44 / 4⌉) + (4 + ⌈25 / 4⌉)
    expect(estimatePromptTokens(prompt)).toBe(28);
    expect(estimatePromptTokens([])).toBe(2);
  });
});

describe('characters for TTS', () => {
  it('are code points: an emoji counts once, as per-character prices do', () => {
    expect(countCharacters('Hello')).toBe(5);
    expect(countCharacters('Hi 👋')).toBe(4);
    expect(countCharacters('東京')).toBe(2);
    expect(ttsUsage('flite', 'It is 9 pm.')).toEqual({
      stage: 'tts',
      providerId: 'flite',
      speculative: false,
      characters: 11,
    });
  });
});

describe('asrUsage', () => {
  it('records audio received, speculative or not', () => {
    expect(asrUsage('pocketsphinx', 1600, true)).toEqual({
      stage: 'asr',
      providerId: 'pocketsphinx',
      speculative: true,
      audioMs: 1600,
    });
  });
});

describe('LlmUsageCounter', () => {
  function run(events: LlmOutput[], speculative = false) {
    const counter = new LlmUsageCounter('openai:gpt-4o-mini', prompt, speculative);
    for (const e of events) counter.observe(e);
    const usage = counter.usage();
    if (!usage) throw new Error('billed to nobody');
    return usage;
  }

  it('prefers the provider’s own report', () => {
    expect(
      run([
        { type: 'text', text: 'It is nine in the evening.' },
        { type: 'usage', inputTokens: 31, outputTokens: 8 },
      ]),
    ).toEqual({
      stage: 'llm',
      providerId: 'openai:gpt-4o-mini',
      speculative: false,
      inputTokens: 31,
      outputTokens: 8,
      estimated: false,
    });
  });

  it('keeps the latest report when a provider sends running totals', () => {
    const usage = run([
      { type: 'usage', inputTokens: 31, outputTokens: 1 },
      { type: 'text', text: 'It is nine.' },
      { type: 'usage', inputTokens: 31, outputTokens: 5 },
    ]);
    expect([usage.inputTokens, usage.outputTokens, usage.estimated]).toEqual([31, 5, false]);
  });

  it('estimates from the prompt and the text so far when the stream was cut before a report', () => {
    const usage = run([{ type: 'text', text: 'It is nine in ' }], true);
    expect(usage).toEqual({
      stage: 'llm',
      providerId: 'openai:gpt-4o-mini',
      speculative: true,
      inputTokens: 28,
      outputTokens: 4,
      estimated: true,
    });
  });

  it('estimates the input from what the provider sent, its system prompt included', () => {
    const counter = new LlmUsageCounter('alpha:chat', prompt.slice(1));
    counter.attempt('alpha:chat');
    counter.promptSent(prompt);
    counter.servedBy('alpha:chat');
    counter.observe({ type: 'text', text: 'It is nine in ' });
    // Both messages (28 tokens), not the user's alone (13).
    expect(counter.usage('failed')).toMatchObject({ providerId: 'alpha:chat', inputTokens: 28 });
  });

  it('bills the provider that served, with none of what a failed one reported', () => {
    const counter = new LlmUsageCounter('alpha:chat', prompt);
    counter.attempt('alpha:chat');
    counter.observe({ type: 'usage', inputTokens: 99, outputTokens: 0 });
    counter.attempt('beta:chat');
    counter.servedBy('beta:chat');
    counter.observe({ type: 'text', text: 'It is nine.' });
    expect(counter.usage('done')).toMatchObject({
      providerId: 'beta:chat',
      inputTokens: 28,
      outputTokens: 3,
      estimated: true,
    });
  });

  it('bills nobody for a call that failed everywhere before any output', () => {
    const counter = new LlmUsageCounter('alpha:chat', prompt);
    counter.attempt('alpha:chat');
    counter.attempt('beta:chat');
    expect(counter.usage('failed')).toBeNull();
  });

  it('bills the provider being asked when the user cancelled before any output', () => {
    const counter = new LlmUsageCounter('alpha:chat', prompt);
    counter.attempt('alpha:chat');
    counter.attempt('beta:chat');
    expect(counter.usage('cancelled')).toMatchObject({ providerId: 'beta:chat', outputTokens: 0 });
  });
});
