import { loadConfig } from './config.ts';
import { describeError } from './errors.ts';
import { logger } from './log/logger.ts';
import { createEmbeddedProviders } from './providers/embedded.ts';
import { startRelay } from './server/start.ts';

const log = logger('relay:main');

async function main(): Promise<void> {
  const config = loadConfig();
  const providers = await createEmbeddedProviders(config);
  const relay = await startRelay(config, providers);
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
  process.exitCode = 1;
});
