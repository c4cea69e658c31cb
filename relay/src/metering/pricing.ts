import { z } from 'zod';
import { describeIssues } from '../env/read-env.ts';
import { freeProviderIds } from '../providers/provider-kinds.ts';
import type { Stage, Usage } from './usage.ts';

/**
 * Prices per provider id (`ProviderInfo.id`), in US dollars, in the units providers bill by:
 *
 * ```json
 * {
 *   "asr": { "openai:whisper-1": { "usdPerMinute": 0.006 } },
 *   "llm": { "openai:gpt-4o-mini": { "usdPerMillionInputTokens": 0.15, "usdPerMillionOutputTokens": 0.6 } },
 *   "tts": { "openai:tts-1": { "usdPerMillionCharacters": 15 } }
 * }
 * ```
 *
 * Configured entries override {@link DEFAULT_PRICING} per provider id. Each entry may carry a
 * `note`. Unknown keys are errors, so a typo cannot silently price a provider at 0.
 */
const usd = z
  .number({ error: 'must be a price in US dollars (a number, e.g. 0.15)' })
  .min(0, { error: 'must be 0 or more' })
  .max(1_000_000, { error: 'must be at most 1,000,000' });
const note = z.string().max(500, { error: 'must be at most 500 characters' }).optional();
const providerId = z
  .string()
  .min(1, { error: 'provider ids must not be empty' })
  .max(100, { error: 'provider ids must be at most 100 characters' });

const pricingSpecSchema = z.strictObject(
  {
    $comment: z.string().optional(),
    asr: z.record(providerId, z.strictObject({ usdPerMinute: usd, note })).optional(),
    llm: z
      .record(
        providerId,
        z.strictObject({
          usdPerMillionInputTokens: usd,
          usdPerMillionOutputTokens: usd,
          note,
        }),
      )
      .optional(),
    tts: z.record(providerId, z.strictObject({ usdPerMillionCharacters: usd, note })).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type'
        ? 'must be a JSON object with "asr", "llm" and/or "tts" price lists'
        : undefined,
  },
);

/** The pricing file's shape. */
export type PricingSpec = z.infer<typeof pricingSpecSchema>;

const EXAMPLE = 'Example: list price when written; check the provider’s current pricing.';
const EMBEDDED = 'Embedded: runs on the relay, no per-use cost.';

/**
 * Built-in prices of a few well-known hosted providers, as examples. The ids assume hosted
 * providers name themselves `vendor:model`; the figures are list prices to be checked, not a
 * promise. The relay's own engines are priced at 0 by their kinds ({@link freePricing}).
 */
export const DEFAULT_PRICING = {
  asr: {
    'openai:whisper-1': { usdPerMinute: 0.006, note: EXAMPLE },
    'openai:gpt-4o-mini-transcribe': { usdPerMinute: 0.003, note: EXAMPLE },
  },
  llm: {
    'openai:gpt-4o-mini': {
      usdPerMillionInputTokens: 0.15,
      usdPerMillionOutputTokens: 0.6,
      note: EXAMPLE,
    },
    'openai:gpt-4o': {
      usdPerMillionInputTokens: 2.5,
      usdPerMillionOutputTokens: 10,
      note: EXAMPLE,
    },
  },
  tts: {
    'openai:tts-1': { usdPerMillionCharacters: 15, note: EXAMPLE },
    'openai:tts-1-hd': { usdPerMillionCharacters: 30, note: EXAMPLE },
  },
} satisfies PricingSpec;

/**
 * Prices of 0 for the providers that cost nothing per use (`free`, by stage: the relay's own
 * engines, as their kinds say: `freeProviderIds`).
 */
export function freePricing(free: Readonly<Record<Stage, readonly string[]>>): PricingSpec {
  const zero = <P>(ids: readonly string[], price: P) =>
    Object.fromEntries(ids.map((id) => [id, { ...price, note: EMBEDDED }]));
  return {
    asr: zero(free.asr, { usdPerMinute: 0 }),
    llm: zero(free.llm, { usdPerMillionInputTokens: 0, usdPerMillionOutputTokens: 0 }),
    tts: zero(free.tts, { usdPerMillionCharacters: 0 }),
  };
}

const FORMAT_HINT =
  'Expected {"asr": {"<provider id>": {"usdPerMinute": n}}, "llm": {"<provider id>": ' +
  '{"usdPerMillionInputTokens": n, "usdPerMillionOutputTokens": n}}, "tts": {"<provider id>": ' +
  '{"usdPerMillionCharacters": n}}}.';

/**
 * Parses pricing JSON; `source` names where it came from in errors (e.g. `PRICING_FILE
 * (/etc/parley/prices.json)`). Throws an `Error` listing every problem with its path.
 */
export function parsePricingJson(text: string, source: string): PricingSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${source} is not valid JSON: ${why}. ${FORMAT_HINT}`);
  }
  const parsed = pricingSpecSchema.safeParse(json);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error).join('; ');
    throw new Error(`${source} has invalid prices: ${problems}. ${FORMAT_HINT}`);
  }
  return parsed.data;
}

/** The price of one usage record. */
export interface PriceQuote {
  /** Cost in micro-dollars (1e-6 USD), rounded half up. */
  micros: number;
  /** False when the provider id has no price: it counts as 0, but should be flagged. */
  priced: boolean;
}

// Prices are held as whole nano-dollars (1e-9 USD) per billing unit, and costs computed in
// BigInt, so a price such as 0.15 never meets binary floating point in a product or a sum.
const NANO_PER_USD = 1e9;
const NANO_PER_MICRO = 1000n;
const MS_PER_MINUTE = 60_000n;
const MILLION = 1_000_000n;

interface LlmRate {
  input: bigint;
  output: bigint;
}

/** Prices usage. Immutable. */
export class PricingTable {
  private readonly asr = new Map<string, bigint>();
  private readonly llm = new Map<string, LlmRate>();
  private readonly tts = new Map<string, bigint>();

  /** Later specs override earlier ones per provider id. */
  constructor(...specs: PricingSpec[]) {
    for (const spec of specs) {
      for (const [id, p] of Object.entries(spec.asr ?? {})) this.asr.set(id, nano(p.usdPerMinute));
      for (const [id, p] of Object.entries(spec.llm ?? {})) {
        this.llm.set(id, {
          input: nano(p.usdPerMillionInputTokens),
          output: nano(p.usdPerMillionOutputTokens),
        });
      }
      for (const [id, p] of Object.entries(spec.tts ?? {})) {
        this.tts.set(id, nano(p.usdPerMillionCharacters));
      }
    }
  }

  /**
   * The built-in prices — 0 for the providers of `free` (by default, those the relay's kinds say
   * are free), the hosted examples — overridden by `overrides` per provider id.
   */
  static withDefaults(
    overrides: PricingSpec = {},
    free: Readonly<Record<Stage, readonly string[]>> = freeProviderIds(),
  ): PricingTable {
    return new PricingTable(freePricing(free), DEFAULT_PRICING, overrides);
  }

  /** Whether `providerId` has a price for `stage`. */
  has(stage: Stage, providerId: string): boolean {
    return this[stage].has(providerId);
  }

  /**
   * The cost of `usage`. Throws a `RangeError` for counts that are negative, not finite, or (for
   * tokens and characters) not whole: they would poison running totals.
   */
  costOf(usage: Usage): PriceQuote {
    switch (usage.stage) {
      case 'asr': {
        const rate = this.asr.get(usage.providerId);
        const ms = BigInt(Math.round(amount('audioMs', usage.audioMs, false)));
        return quote(rate, (r) => roundDiv(r * ms, MS_PER_MINUTE * NANO_PER_MICRO));
      }
      case 'llm': {
        const rate = this.llm.get(usage.providerId);
        const input = BigInt(amount('inputTokens', usage.inputTokens, true));
        const output = BigInt(amount('outputTokens', usage.outputTokens, true));
        return quote(rate, (r) =>
          roundDiv(r.input * input + r.output * output, MILLION * NANO_PER_MICRO),
        );
      }
      case 'tts': {
        const rate = this.tts.get(usage.providerId);
        const chars = BigInt(amount('characters', usage.characters, true));
        return quote(rate, (r) => roundDiv(r * chars, MILLION * NANO_PER_MICRO));
      }
    }
  }
}

function quote<R>(rate: R | undefined, cost: (rate: R) => bigint): PriceQuote {
  if (rate === undefined) return { micros: 0, priced: false };
  return { micros: Number(cost(rate)), priced: true };
}

function nano(usdAmount: number): bigint {
  return BigInt(Math.round(usdAmount * NANO_PER_USD));
}

/** Non-negative division rounded half up. */
function roundDiv(numerator: bigint, divisor: bigint): bigint {
  return (numerator + divisor / 2n) / divisor;
}

function amount(name: string, value: number, whole: boolean): number {
  if (!(Number.isFinite(value) && value >= 0) || (whole && !Number.isInteger(value))) {
    throw new RangeError(
      `Usage ${name} must be a ${whole ? 'whole ' : ''}number ≥ 0; got ${value}.`,
    );
  }
  return value;
}
