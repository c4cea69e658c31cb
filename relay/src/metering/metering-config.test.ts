import { describe, expect, it } from 'vitest';
import { loadMeteringConfig } from './metering-config.ts';
import { asrUsage } from './usage.ts';

const noFiles = (path: string): string => {
  throw new Error(`ENOENT: no such file or directory, open '${path}'`);
};

function problem(env: Record<string, string>, readText = noFiles): string {
  try {
    loadMeteringConfig(env, readText);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('expected a configuration error');
}

describe('loadMeteringConfig', () => {
  it('defaults to the built-in prices, $1 per session, $5 per user per day, warnings at 80 %', () => {
    const config = loadMeteringConfig({}, noFiles);
    expect(config.pricingSource).toBe('built-in');
    expect(config.pricing.has('tts', 'flite')).toBe(true);
    expect(config.budget).toEqual({
      session: { hardMicros: 1_000_000, softMicros: 800_000 },
      userDay: { hardMicros: 5_000_000, softMicros: 4_000_000 },
    });
  });

  it('reads budgets in dollars, 0 meaning unlimited', () => {
    const config = loadMeteringConfig(
      { BUDGET_SESSION_USD: '0.25', BUDGET_USER_DAY_USD: '0', BUDGET_SOFT_RATIO: '0.5' },
      noFiles,
    );
    expect(config.budget).toEqual({
      session: { hardMicros: 250_000, softMicros: 125_000 },
      userDay: { hardMicros: 0, softMicros: 0 },
    });
  });

  it('merges PRICING_JSON over the built-in prices', () => {
    const config = loadMeteringConfig(
      { PRICING_JSON: '{"asr": {"acme:ears": {"usdPerMinute": 0.02}}}' },
      noFiles,
    );
    expect(config.pricingSource).toBe('PRICING_JSON');
    expect(config.pricing.costOf(asrUsage('acme:ears', 60_000)).micros).toBe(20_000);
    expect(config.pricing.has('asr', 'pocketsphinx')).toBe(true);
  });

  it('reads PRICING_FILE', () => {
    const files: Record<string, string> = {
      '/etc/parley/prices.json': '{"asr": {"pocketsphinx": {"usdPerMinute": 0.001}}}',
    };
    const config = loadMeteringConfig({ PRICING_FILE: '/etc/parley/prices.json' }, (p) => {
      const text = files[p];
      if (text === undefined) throw new Error('ENOENT');
      return text;
    });
    expect(config.pricingSource).toBe('PRICING_FILE (/etc/parley/prices.json)');
    expect(config.pricing.costOf(asrUsage('pocketsphinx', 60_000)).micros).toBe(1000);
  });

  it('says which file it could not read, and why', () => {
    expect(problem({ PRICING_FILE: '/nope.json' })).toBe(
      "Invalid metering configuration: cannot read PRICING_FILE (/nope.json): ENOENT: no such file or directory, open '/nope.json'",
    );
  });

  it('says where bad pricing came from', () => {
    expect(problem({ PRICING_JSON: '{"llm": 5}' })).toMatch(
      /^Invalid metering configuration: PRICING_JSON has invalid prices: llm: /,
    );
    expect(problem({ PRICING_FILE: '/p.json' }, () => 'not json')).toMatch(
      /^Invalid metering configuration: PRICING_FILE \(\/p\.json\) is not valid JSON/,
    );
  });

  it('refuses two pricing sources, and lists every problem at once', () => {
    const message = problem({
      PRICING_FILE: '/p.json',
      PRICING_JSON: '{}',
      BUDGET_SESSION_USD: 'one dollar',
      BUDGET_SOFT_RATIO: '80',
    });
    expect(message).toContain('PRICING_JSON: set PRICING_FILE or PRICING_JSON, not both');
    expect(message).toContain(
      'BUDGET_SESSION_USD: must be a number from 0 to 1000000 (spending cap per session in US dollars, 0 = unlimited); got "one dollar"',
    );
    expect(message).toContain('BUDGET_SOFT_RATIO: must be a number from 0 to 1');
  });
});
