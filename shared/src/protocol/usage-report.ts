import { z } from 'zod';
import { stage } from './stage.ts';

/** A UTC day, `YYYY-MM-DD`. */
export const utcDayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD');

const spent = {
  /** Micro-dollars. */
  costMicros: z.number(),
  /** Paid provider calls (ledger entries). */
  calls: z.number().int(),
};

/**
 * `GET /api/admin/usage?from=&to=`: what the usage ledger holds for the UTC days `from`–`to`
 * (both included), summed by the database: per day, per user (the biggest spenders) and per
 * provider with the units it was paid for.
 */
export const usageReport = z.strictObject({
  from: utcDayString,
  to: utcDayString,
  total: z.strictObject(spent),
  /** Days with usage, in order. */
  byDay: z.array(z.strictObject({ day: utcDayString, ...spent })),
  /** Users by what they spent, most first; at most `USAGE_TOP_USERS`. */
  byUser: z.array(z.strictObject({ userId: z.string(), ...spent })),
  /** Users with usage in the period (more than `byUser` lists when it is cut). */
  users: z.number().int(),
  byProvider: z.array(
    z.strictObject({
      stage,
      provider: z.string(),
      ...spent,
      /** Units summed, those that are not 0: `audioMs`, `inputTokens`, `outputTokens`, `characters`. */
      units: z.record(z.string(), z.number()),
    }),
  ),
});
export type UsageReport = z.infer<typeof usageReport>;

/** Most users a usage report lists. */
export const USAGE_TOP_USERS = 50;
/** Longest period a usage report covers (days). */
export const USAGE_MAX_DAYS = 366;
