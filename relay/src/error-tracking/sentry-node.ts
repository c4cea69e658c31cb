import { noPrivateData, scrubEvent } from '@parley/shared';
import { publicDsn } from './dsn.ts';
import type { ErrorTrackingConfig } from './error-tracking-config.ts';
import type { ErrorTracker } from './report-error.ts';

/**
 * Starts Sentry's Node SDK for `config` (loaded only now: a relay without `SENTRY_DSN` never
 * loads it) and returns the tracker the relay reports to. Only the integrations that describe
 * an error are on: no HTTP, console or database instrumentation (their breadcrumbs would carry
 * URLs, log lines and queries), no request data, no local variables, no tracing. Uncaught
 * exceptions are reported before the process exits, as Node would exit. Every event goes
 * through `scrubEvent` (no request bodies, credentials, extra data or breadcrumbs).
 */
export async function startSentry(
  config: ErrorTrackingConfig & { dsn: NonNullable<ErrorTrackingConfig['dsn']> },
): Promise<ErrorTracker> {
  const Sentry = await import('@sentry/node');
  Sentry.initWithoutDefaultIntegrations({
    dsn: publicDsn(config.dsn),
    ...(config.environment === undefined ? {} : { environment: config.environment }),
    ...(config.release === undefined ? {} : { release: config.release }),
    dataCollection: noPrivateData(),
    sendClientReports: false,
    maxBreadcrumbs: 0,
    beforeBreadcrumb: () => null,
    beforeSend: (event) => scrubEvent(event),
    integrations: [
      Sentry.eventFiltersIntegration(),
      Sentry.functionToStringIntegration(),
      Sentry.linkedErrorsIntegration(),
      Sentry.dedupeIntegration(),
      Sentry.nodeContextIntegration(),
      Sentry.contextLinesIntegration(),
      Sentry.onUncaughtExceptionIntegration(),
    ],
  });
  return {
    capture(error, scope) {
      const ids = {
        ...(scope.sessionId === undefined ? {} : { sessionId: scope.sessionId }),
        ...(scope.turnId === undefined ? {} : { turnId: scope.turnId }),
      };
      Sentry.captureException(error, {
        level: 'error',
        tags: {
          ...scope.tags,
          ...ids,
          what: scope.what,
          ...(scope.logger === undefined ? {} : { logger: scope.logger }),
        },
        contexts: { turn: ids },
      });
    },
    async flush(timeoutMs) {
      await Sentry.flush(timeoutMs);
    },
  };
}
