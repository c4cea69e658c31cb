import * as Sentry from '@sentry/browser';
import { noPrivateData, scrubEvent, type ClientConfig } from '@parley/shared';
import { withScope, type ErrorScope } from './error-scope.ts';
import type { PageErrorTracker } from './page-error-tracker.ts';

type Options = NonNullable<ClientConfig['errorTracking']>;

/**
 * Starts Sentry's browser SDK: reports go to the relay (`tunnel`, the page's only allowed
 * destination), which forwards them. Only the integrations that describe an error are on —
 * uncaught errors and rejections, linked causes, the page's URL and browser — with no
 * breadcrumbs (console lines, clicks and requests would carry what the user said), no replay,
 * no tracing. Every event is tagged with `scope`'s session and turn (the store's), then
 * scrubbed.
 */
export function startSentry(options: Options, scope: () => ErrorScope): PageErrorTracker {
  Sentry.init({
    dsn: options.dsn,
    tunnel: options.tunnel,
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    ...(options.release === undefined ? {} : { release: options.release }),
    dataCollection: noPrivateData(),
    sendClientReports: false,
    defaultIntegrations: false,
    integrations: [
      Sentry.eventFiltersIntegration(),
      Sentry.functionToStringIntegration(),
      Sentry.globalHandlersIntegration(),
      Sentry.linkedErrorsIntegration(),
      Sentry.dedupeIntegration(),
      Sentry.httpContextIntegration(),
    ],
    maxBreadcrumbs: 0,
    beforeBreadcrumb: () => null,
    beforeSend: (event) => scrubEvent(withScope(event, scope())),
  });
  return {
    exception(err, what) {
      Sentry.captureException(err, { tags: { what } });
    },
    relayError(m) {
      Sentry.captureMessage(`The relay reported ${m.code}`, {
        level: 'error',
        tags: {
          what: 'relay error',
          code: m.code,
          retryable: m.retryable,
          ...(m.turnId === undefined ? {} : { turnId: m.turnId }),
        },
      });
    },
  };
}
