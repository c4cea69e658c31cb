import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { envNumber } from '../env/env-fields.ts';
import { readEnv, type Env } from '../env/read-env.ts';
import { budgetLimitsFromUsd, type BudgetLimits } from './budget.ts';
import { parsePricingJson, PricingTable, type PricingSpec } from './pricing.ts';

/** Cost metering settings from the environment; see {@link meteringEnvSchema}. */
const meteringEnvSchema = z
  .object({
    /** Path of a pricing JSON file (see `pricing.ts`), merged over the built-in prices. */
    PRICING_FILE: z.string().optional(),
    /** The same JSON inline, for deployments without a writable file system. */
    PRICING_JSON: z.string().optional(),
    BUDGET_SESSION_USD: envNumber({
      default: 1,
      min: 0,
      max: 1_000_000,
      meaning: 'spending cap per session in US dollars, 0 = unlimited',
    }),
    BUDGET_USER_DAY_USD: envNumber({
      default: 5,
      min: 0,
      max: 1_000_000,
      meaning: 'spending cap per user per UTC day in US dollars, 0 = unlimited',
    }),
    BUDGET_SOFT_RATIO: envNumber({
      default: 0.8,
      min: 0,
      max: 1,
      meaning: 'share of each cap at which the user is warned, 0 = no warning',
    }),
  })
  .refine((e) => e.PRICING_FILE === undefined || e.PRICING_JSON === undefined, {
    path: ['PRICING_JSON'],
    message: 'set PRICING_FILE or PRICING_JSON, not both',
    // Checked even when another variable is invalid, so that every problem is listed at once.
    when: () => true,
  });

export interface MeteringConfig {
  pricing: PricingTable;
  /** Where configured prices came from, for the startup log: `built-in`, `PRICING_FILE (…)`… */
  pricingSource: string;
  budget: BudgetLimits;
}

/**
 * Reads metering settings (and the pricing file, through `readText`); throws one error listing
 * every problem.
 */
export function loadMeteringConfig(
  env: Env,
  readText: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): MeteringConfig {
  const e = readEnv(meteringEnvSchema, env, 'metering');
  let overrides: PricingSpec = {};
  let pricingSource = 'built-in';
  if (e.PRICING_FILE) {
    pricingSource = `PRICING_FILE (${e.PRICING_FILE})`;
    let text: string;
    try {
      text = readText(e.PRICING_FILE);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`Invalid metering configuration: cannot read ${pricingSource}: ${why}`);
    }
    overrides = parsePricing(text, pricingSource);
  } else if (e.PRICING_JSON) {
    pricingSource = 'PRICING_JSON';
    overrides = parsePricing(e.PRICING_JSON, pricingSource);
  }
  return {
    pricing: PricingTable.withDefaults(overrides),
    pricingSource,
    budget: budgetLimitsFromUsd({
      sessionUsd: e.BUDGET_SESSION_USD,
      userDayUsd: e.BUDGET_USER_DAY_USD,
      softRatio: e.BUDGET_SOFT_RATIO,
    }),
  };
}

function parsePricing(text: string, source: string): PricingSpec {
  try {
    return parsePricingJson(text, source);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`Invalid metering configuration: ${why}`);
  }
}
