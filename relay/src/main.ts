import { flushErrors, logFailure, reportError } from './error-tracking/report-error.ts';
import { startErrorTracking } from './error-tracking/start-error-tracking.ts';
import { describeError } from './errors.ts';
import { logger } from './log/logger.ts';
import { withConfigFile } from './providers/config/provider-config.ts';
import { LiveProviders } from './providers/live-providers.ts';
import { startRelay } from './server/start.ts';
import { loadSettings } from './settings.ts';

const log = logger('relay:main');

/** Longest wait for error reports still queued when the relay stops. */
const FLUSH_ERRORS_MS = 2_000;

async function main(): Promise<void> {
  const env = withConfigFile(process.env);
  // Every setting is checked (and every problem listed) before anything starts.
  const settings = loadSettings(env);
  // First, so that what fails from here on is reported.
  await startErrorTracking(settings.errorTracking, log);
  const providers = await LiveProviders.create(settings.providers, logger('relay:providers'));
  const relay = await startRelay(env, providers).catch(async (err: unknown) => {
    await providers.close();
    throw err;
  });
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    void relay
      .close()
      .then(() => flushErrors(FLUSH_ERRORS_MS))
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

process.on('unhandledRejection', (err) => logFailure(log, err, 'unhandled rejection'));

main().catch(async (err: unknown) => {
  log.fatal({ err: describeError(err) }, 'relay failed to start');
  reportError(err, 'relay failed to start', log);
  await flushErrors(FLUSH_ERRORS_MS);
  process.stderr.write(
    `\nThe relay could not start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exitCode = 1;
});
