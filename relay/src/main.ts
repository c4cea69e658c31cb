import { describeError } from './errors.ts';
import { logger } from './log/logger.ts';
import { withConfigFile } from './providers/config/provider-config.ts';
import { LiveProviders } from './providers/live-providers.ts';
import { startRelay } from './server/start.ts';
import { loadSettings } from './settings.ts';

const log = logger('relay:main');

async function main(): Promise<void> {
  const env = withConfigFile(process.env);
  // Every setting is checked (and every problem listed) before anything starts.
  const settings = loadSettings(env);
  const providers = await LiveProviders.create(settings.providers, logger('relay:providers'));
  const relay = await startRelay(env, providers).catch(async (err: unknown) => {
    await providers.close();
    throw err;
  });
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    void relay.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

process.on('unhandledRejection', (err) =>
  log.error({ err: describeError(err) }, 'unhandled rejection'),
);

main().catch((err: unknown) => {
  log.fatal({ err: describeError(err) }, 'relay failed to start');
  process.stderr.write(
    `\nThe relay could not start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exitCode = 1;
});
