import type { Logger } from '../log/logger.ts';
import type { ErrorTrackingConfig } from './error-tracking-config.ts';
import { useErrorTracker } from './report-error.ts';

/**
 * Turns error tracking on when `config` has a DSN: Sentry's SDK is loaded (only then) and every
 * failure the relay logs at `error` is reported from now on. Off: nothing is loaded or sent.
 */
export async function startErrorTracking(config: ErrorTrackingConfig, log: Logger): Promise<void> {
  const { dsn } = config;
  if (dsn === null) return;
  const { startSentry } = await import('./sentry-node.ts');
  useErrorTracker(await startSentry({ ...config, dsn }));
  log.info(
    { host: dsn.host, project: dsn.projectId, environment: config.environment },
    'errors are reported to Sentry',
  );
}
