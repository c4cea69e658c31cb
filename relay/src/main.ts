import { flushErrors, logFailure, reportError } from './error-tracking/report-error.ts';
import { startErrorTracking } from './error-tracking/start-error-tracking.ts';
import { describeError } from './errors.ts';
import { logger } from './log/logger.ts';
import { withConfigFile } from './providers/config/provider-config.ts';
import { LiveProviders } from './providers/live-providers.ts';
import { startRelay, type RunningRelay } from './server/start.ts';
import { makeNonDumpable } from './secrets/non-dumpable.ts';
import { stopDeadlineMs } from './server/stop-deadline.ts';
import { loadSettings } from './settings.ts';
import { openSystemdNotify } from './systemd/index.ts';

const log = logger('relay:main');

/** Longest wait for error reports still queued when the relay stops. */
const FLUSH_ERRORS_MS = 2_000;

async function main(): Promise<void> {
  // First: no other process of the relay's user (a stdio MCP server among them) may read its
  // environment or memory.
  const dumpable = await makeNonDumpable();
  if (dumpable.done) log.info('the relay is not dumpable: its environment and memory are its own');
  else log.warn({ why: dumpable.why }, 'the relay could not be made non-dumpable');
  // It takes systemd's variables out of the environment the providers' processes get.
  const systemd = await openSystemdNotify(process.env, logger('relay:systemd'));
  systemd?.status('Starting: loading providers');
  const { relay, shutdownDrainMs } = await start().catch((err: unknown) => {
    systemd?.status(`Failed to start: ${err instanceof Error ? err.message : String(err)}`);
    // Its socket would keep the process alive after the failure.
    systemd?.close();
    throw err;
  });
  systemd?.ready(
    `Listening on ${relay.url}`,
    () => `Listening on ${relay.url}: ${sessions(relay)}`,
  );
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    systemd?.stopping(`Stopping (${signal}): draining ${sessions(relay)}`);
    const timer = setTimeout(() => process.exit(1), stopDeadlineMs(shutdownDrainMs));
    timer.unref();
    void relay
      .close()
      .then(() => flushErrors(FLUSH_ERRORS_MS))
      .then(() => {
        systemd?.close();
        process.exit(0);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** Checks every setting (listing every problem) before anything starts, then starts. */
async function start(): Promise<{ relay: RunningRelay; shutdownDrainMs: number }> {
  const env = withConfigFile(process.env);
  const settings = loadSettings(env);
  // Before the providers, so that what fails from here on is reported.
  await startErrorTracking(settings.errorTracking, log);
  const providers = await LiveProviders.create(settings.providers, logger('relay:providers'));
  const relay = await startRelay(env, providers).catch(async (err: unknown) => {
    await providers.close();
    throw err;
  });
  return { relay, shutdownDrainMs: settings.relay.shutdownDrainMs };
}

function sessions(relay: RunningRelay): string {
  return relay.registry.size === 1 ? '1 session' : `${relay.registry.size} sessions`;
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
