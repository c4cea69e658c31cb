import { loadConfig } from './config.ts';
import { describeError } from './errors.ts';
import { logger } from './log/logger.ts';
import { createEmbeddedProviders } from './providers/embedded.ts';
import { startRelay } from './server/start.ts';

const log = logger('relay:main');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const providers = await createEmbeddedProviders(config);
  const relay = await startRelay(process.env, providers).catch(async (err: unknown) => {
    await Promise.allSettled([providers.asr.close(), providers.tts.close()]);
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
