import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICING, parsePricingJson, PricingTable } from './pricing.ts';
import { asrUsage, type LlmUsage, ttsUsage } from './usage.ts';

const prices = PricingTable.withDefaults();

function llm(providerId: string, inputTokens: number, outputTokens: number): LlmUsage {
  return {
    stage: 'llm',
    providerId,
    speculative: false,
    inputTokens,
    outputTokens,
    estimated: false,
  };
}

describe('PricingTable', () => {
  it('prices the embedded providers at 0, as known providers', () => {
    expect(prices.costOf(asrUsage('pocketsphinx', 60_000))).toEqual({ micros: 0, priced: true });
    expect(prices.costOf(llm('offline-responder', 500, 50))).toEqual({ micros: 0, priced: true });
    expect(prices.costOf(ttsUsage('flite', 'Hello.'))).toEqual({ micros: 0, priced: true });
    expect(prices.costOf(ttsUsage('espeak-ng', 'Hallo.'))).toEqual({ micros: 0, priced: true });
  });

  it('prices an unknown provider at 0 but says it has no price', () => {
    expect(prices.costOf(llm('acme:brain-9', 1000, 1000))).toEqual({ micros: 0, priced: false });
    expect(prices.has('llm', 'acme:brain-9')).toBe(false);
  });

  it('prices each stage in its billing unit, in micro-dollars', () => {
    // whisper-1 at $0.006/min: 90 s = $0.009
    expect(prices.costOf(asrUsage('openai:whisper-1', 90_000)).micros).toBe(9_000);
    // gpt-4o-mini at $0.15 / $0.60 per million: 1,200 in + 300 out = $0.00018 + $0.00018
    expect(prices.costOf(llm('openai:gpt-4o-mini', 1200, 300)).micros).toBe(360);
    // tts-1 at $15 per million characters: 11 characters = $0.000165
    expect(prices.costOf(ttsUsage('openai:tts-1', 'It is 9 pm.')).micros).toBe(165);
  });

  it('rounds each record half up to a whole micro-dollar', () => {
    expect(prices.costOf(llm('openai:gpt-4o-mini', 3, 0)).micros).toBe(0); // 0.45
    expect(prices.costOf(llm('openai:gpt-4o-mini', 7, 0)).micros).toBe(1); // 1.05
    expect(prices.costOf(llm('openai:gpt-4o-mini', 10, 0)).micros).toBe(2); // 1.5
    // Input and output are summed before rounding: 0.45 + 0.6 = 1.05, not 0 + 1.
    expect(prices.costOf(llm('openai:gpt-4o-mini', 3, 1)).micros).toBe(1);
  });

  it('computes exactly where floating point would drift', () => {
    // $0.006/min × 100 ms is 1e-5 USD; in floating point, three of them are 3.0000000000000004e-5.
    expect(0.006 * (100 / 60_000) * 3).not.toBe(0.00003);
    const frame = prices.costOf(asrUsage('openai:whisper-1', 100)).micros;
    expect(frame).toBe(10);
    // A huge prompt on an expensive model stays exact (BigInt arithmetic).
    // $2.50 and $10 per million: 308,641,972.5 + 9,876,543,210 µ$, rounded half up.
    expect(prices.costOf(llm('openai:gpt-4o', 123_456_789, 987_654_321)).micros).toBe(
      10_185_185_183,
    );
  });

  it('takes configured prices over the built-in ones, provider by provider', () => {
    const custom = PricingTable.withDefaults({
      llm: { 'openai:gpt-4o-mini': { usdPerMillionInputTokens: 1, usdPerMillionOutputTokens: 2 } },
      tts: { 'acme:voice': { usdPerMillionCharacters: 100 } },
    });
    expect(custom.costOf(llm('openai:gpt-4o-mini', 1000, 1000)).micros).toBe(3000);
    expect(custom.costOf(ttsUsage('acme:voice', 'abcd')).micros).toBe(400);
    expect(custom.costOf(asrUsage('openai:whisper-1', 60_000)).micros).toBe(6000); // untouched
  });

  it('refuses usage that would poison the totals', () => {
    expect(() => prices.costOf(llm('openai:gpt-4o-mini', -1, 0))).toThrow(RangeError);
    expect(() => prices.costOf(llm('openai:gpt-4o-mini', 1.5, 0))).toThrow(/whole number/);
    expect(() => prices.costOf(asrUsage('openai:whisper-1', Number.NaN))).toThrow(RangeError);
  });

  it('marks the hosted example prices as examples to check', () => {
    expect(DEFAULT_PRICING.llm['openai:gpt-4o-mini'].note).toMatch(/check/);
  });
});

describe('parsePricingJson', () => {
  const src = 'PRICING_FILE (/etc/parley/prices.json)';

  function problem(text: string): string {
    try {
      parsePricingJson(text, src);
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
    throw new Error('expected a parse error');
  }

  it('reads a valid price list', () => {
    const spec = parsePricingJson(
      '{"asr": {"acme:ears": {"usdPerMinute": 0.01, "note": "contract 2025"}}}',
      src,
    );
    expect(new PricingTable(spec).costOf(asrUsage('acme:ears', 60_000)).micros).toBe(10_000);
  });

  it('names the source and the JSON error, and shows the expected shape', () => {
    const message = problem('{"llm": {');
    expect(message).toMatch(/^PRICING_FILE \(\/etc\/parley\/prices\.json\) is not valid JSON: /);
    expect(message).toContain('Expected {"asr": {"<provider id>": {"usdPerMinute": n}}');
  });

  it('names the path of every wrong price', () => {
    const message = problem(
      JSON.stringify({
        llm: {
          'openai:gpt-4o-mini': { usdPerMillionInputTokens: -1, usdPerMillionOutputTokens: '0.6' },
        },
      }),
    );
    expect(message).toContain('llm.openai:gpt-4o-mini.usdPerMillionInputTokens: must be 0 or more');
    expect(message).toContain(
      'llm.openai:gpt-4o-mini.usdPerMillionOutputTokens: must be a price in US dollars (a number, e.g. 0.15)',
    );
  });

  it('catches typos instead of pricing a provider at 0', () => {
    expect(problem('{"tts": {"openai:tts-1": {"usdPerMillionChars": 15}}}')).toContain(
      'tts.openai:tts-1: Unrecognized key: "usdPerMillionChars"',
    );
    expect(problem('{"lm": {}}')).toContain('Unrecognized key: "lm"');
  });

  it('wants an object at the top', () => {
    expect(problem('[1, 2]')).toContain('must be a JSON object with "asr", "llm" and/or "tts"');
  });
});
