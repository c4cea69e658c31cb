import type { Hono } from 'hono';
import { z } from 'zod';
import type { SessionMetricsList } from '@parley/shared';
import { sessionMetricsJsonl } from '../ops/metrics-export.ts';
import type { EndedRange } from '../storage/index.ts';
import type { RelayContext } from './context.ts';
import { validQuery } from './request-input.ts';
import { adminGuard, type GuardedEnv } from './guards.ts';

/** An instant in a query: epoch ms, or an ISO 8601 date or date-time (`2025-06-01`). */
const instant = (name: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return undefined;
      const text = raw.trim();
      const ms = /^\d{1,15}$/.test(text) ? Number(text) : Date.parse(text);
      if (Number.isFinite(ms)) return ms;
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be epoch ms or an ISO 8601 date or time; got "${text}".`,
      });
      return z.NEVER;
    });

const exportQuery = z
  .object({ from: instant('from'), to: instant('to') })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from must not be after to.',
  });

const latestQuery = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a whole number from 1 to 200.' })
    .int('limit must be a whole number from 1 to 200.')
    .min(1, 'limit must be a whole number from 1 to 200.')
    .max(200, 'limit must be a whole number from 1 to 200.')
    .default(20),
});

/**
 * Ended sessions' metrics for admins (`ADMIN_TOKEN`), ids and summaries, no transcripts:
 * `GET /api/admin/sessions/metrics.jsonl?from=&to=` streams one `SessionMetricsLine` per line
 * (sessions that ended in `[from, to)`, in that order), read a page at a time as the client
 * takes them; `GET /api/admin/sessions/metrics?limit=` answers the ones that ended last.
 */
export function mountSessionMetricsApi(app: Hono<GuardedEnv>, ctx: RelayContext): void {
  app.get('/api/admin/sessions/metrics.jsonl', adminGuard(ctx), validQuery(exportQuery), (c) => {
    const { from, to } = c.req.valid('query');
    const range: EndedRange = { fromMs: from ?? 0, toMs: to ?? Date.now() };
    const name = `parley-sessions-${new Date(range.toMs).toISOString().slice(0, 10)}.jsonl`;
    return new Response(sessionMetricsJsonl(ctx.storage, range, ctx.log), {
      headers: {
        'Content-Type': 'application/x-ndjson; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
      },
    });
  });

  app.get('/api/admin/sessions/metrics', adminGuard(ctx), validQuery(latestQuery), async (c) => {
    const { limit } = c.req.valid('query');
    c.header('Cache-Control', 'no-store');
    return c.json({
      sessions: await ctx.storage.sessionMetrics.latest(limit),
    } satisfies SessionMetricsList);
  });
}
