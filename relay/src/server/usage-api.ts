import type { Hono } from 'hono';
import { z } from 'zod';
import { USAGE_MAX_DAYS, utcDayString, type UsageReport } from '@parley/shared';
import { utcDay } from '../storage/index.ts';
import type { RelayContext } from './context.ts';
import { validQuery } from './request-input.ts';
import { adminGuard, type GuardedEnv } from './guards.ts';

const DAY_MS = 86_400_000;
/** The period without `from`: the 30 days up to `to`. */
const DEFAULT_DAYS = 30;

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

const usageQuery = z
  .object({
    from: utcDayString.refine((d) => Number.isFinite(dayMs(d)), 'from is no day.').optional(),
    to: utcDayString.refine((d) => Number.isFinite(dayMs(d)), 'to is no day.').optional(),
  })
  .transform(({ from, to }) => {
    const last = to ?? utcDay(Date.now());
    return { from: from ?? utcDay(dayMs(last) - (DEFAULT_DAYS - 1) * DAY_MS), to: last };
  })
  .refine(({ from, to }) => from <= to, 'from must not be after to.')
  .refine(
    ({ from, to }) => (dayMs(to) - dayMs(from)) / DAY_MS < USAGE_MAX_DAYS,
    `A usage report covers at most ${USAGE_MAX_DAYS} days.`,
  );

/**
 * `GET /api/admin/usage?from=YYYY-MM-DD&to=YYYY-MM-DD` (admin): the usage ledger summed by the
 * database for the UTC days `from`–`to` (both included; default the last 30 days): per day,
 * per user and per provider with its units.
 */
export function mountUsageApi(app: Hono<GuardedEnv>, ctx: RelayContext): void {
  app.get('/api/admin/usage', adminGuard(ctx), validQuery(usageQuery), async (c) => {
    const { from, to } = c.req.valid('query');
    c.header('Cache-Control', 'no-store');
    return c.json((await ctx.storage.usageReports.report(from, to)) satisfies UsageReport);
  });
}
