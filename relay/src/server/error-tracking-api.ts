import type { Hono } from 'hono';
import type { ApiErrorBody, ClientConfig } from '@parley/shared';
import { envelopeUrl, publicDsn } from '../error-tracking/dsn.ts';
import { forwardedReport, serializeEnvelope } from '../error-tracking/envelope.ts';
import { RelayError } from '../errors.ts';
import { KeyedLimiter } from '../limits/keyed-limiter.ts';
import type { RelayContext } from './context.ts';
import { originGuard, type GuardedEnv } from './guards.ts';
import type { PeerOf } from './peer.ts';

/** Where the page sends its error reports (the relay forwards them to Sentry). */
export const ERROR_REPORTS_PATH = '/api/error-reports';

/**
 * Largest report: an error event with a long stack is a few KiB; replays are not forwarded.
 * Applied with every other route's limit, in `body-limits.ts`.
 */
export const MAX_REPORT_BYTES = 256 * 1024;

/** Reports per client IP: a burst of 20, then one every 2 s (a page in a crash loop). */
const REPORTS_BURST = 20;
const REPORTS_PER_SECOND = 0.5;

/** Longest wait for Sentry to take a forwarded report. */
const FORWARD_TIMEOUT_MS = 5_000;

/** Headers of Sentry's answer the page's SDK acts on (it backs off when rate-limited). */
const PASSED_HEADERS = ['x-sentry-rate-limits', 'retry-after'];

/**
 * `GET /api/client-config` (what the page needs before anything else: where its errors go) and
 * `POST /api/error-reports`, the page's error reports forwarded to the relay's Sentry project
 * (the page's Content-Security-Policy lets it talk to its relay only). A report must come from
 * an allowed origin, be an envelope for `SENTRY_DSN`'s own project (not an open proxy), fit
 * {@link MAX_REPORT_BYTES} and the per-IP rate; its events are scrubbed again here, whatever the
 * page did. Without `SENTRY_DSN` the config says so and reports are refused (404).
 */
export function mountErrorTrackingApi(
  app: Hono<GuardedEnv>,
  ctx: RelayContext,
  peerOf: PeerOf,
): void {
  const { dsn, environment, release } = ctx.errorTracking;
  const origin = originGuard(ctx, peerOf);

  app.get('/api/client-config', origin, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({
      errorTracking:
        dsn === null
          ? null
          : {
              dsn: publicDsn(dsn),
              tunnel: ERROR_REPORTS_PATH,
              ...(environment === undefined ? {} : { environment }),
              ...(release === undefined ? {} : { release }),
            },
    } satisfies ClientConfig);
  });

  const perIp = new KeyedLimiter({
    capacity: REPORTS_BURST,
    refillPerSecond: REPORTS_PER_SECOND,
    maxKeys: ctx.limitsConfig.maxKeysPerLimiter,
    now: Date.now,
  });
  app.post(ERROR_REPORTS_PATH, origin, async (c) => {
    if (dsn === null) throw RelayError.notFound('Error tracking is off: SENTRY_DSN is not set.');
    const rate = perIp.tryTake(peerOf(c).ip);
    if (!rate.ok) throw RelayError.rateLimited('error reports', rate.retryAfterMs);
    const report = forwardedReport(new Uint8Array(await c.req.arrayBuffer()), dsn);
    if (!report.ok) throw RelayError.badMessage(report.error);
    if (report.envelope === null) return c.body(null, 204);
    let answer: Response;
    try {
      answer = await fetch(envelopeUrl(dsn), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-sentry-envelope' },
        body: serializeEnvelope(report.envelope),
        signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      });
      await answer.body?.cancel();
    } catch {
      ctx.log.warn('an error report could not be forwarded to Sentry');
      return c.json(
        {
          error: 'internal',
          message: 'The error report could not be forwarded.',
        } satisfies ApiErrorBody,
        502,
      );
    }
    for (const name of PASSED_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null) c.header(name, value);
    }
    return c.body(null, answer.ok ? 200 : answer.status === 429 ? 429 : 502);
  });
}
