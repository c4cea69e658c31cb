import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { logger } from '../src/log/logger.ts';
import { loadProviderPlan } from '../src/providers/config/provider-config.ts';
import { LiveProviders } from '../src/providers/live-providers.ts';
import { startRelay, type RelayParts, type RunningRelay } from '../src/server/start.ts';
import { TEST_RELAY_ENV } from './relay-process.ts';

export interface TestRelay extends RunningRelay {
  wsUrl: string;
  dataDir: string;
}

/**
 * A real relay on a random loopback port with the providers `env` configures (the embedded ones
 * by default; hosted ones pointed at local fake servers) and a SQLite file in a fresh temp dir
 * (or `DATA_DIR` from `env`, to restart on the same data), with {@link TEST_RELAY_ENV} under
 * `env`, and `parts` (the tools its turns may call).
 */
export async function startTestRelay(
  env: Record<string, string> = {},
  parts: RelayParts = {},
): Promise<TestRelay> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'parley-relay-'));
  const fullEnv = {
    PORT: '0',
    HOST: '127.0.0.1',
    WEB_DIST: 'none',
    DATA_DIR: dataDir,
    ...TEST_RELAY_ENV,
    ...env,
  };
  const p = await LiveProviders.create(loadProviderPlan(fullEnv), logger('test:providers'));
  const relay = await startRelay(fullEnv, p, parts).catch(async (err: unknown) => {
    await p.close();
    if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  return {
    ...relay,
    wsUrl: `${relay.url.replace('http', 'ws')}/ws`,
    dataDir,
    close: async () => {
      await relay.close();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A test relay (with `env`) serving a web app made of `files` (path in the app → content),
 * written to a fresh temp dir as its `WEB_DIST`; `close` removes the dir.
 */
export async function startTestRelayServing(
  files: Record<string, string>,
  env: Record<string, string> = {},
): Promise<TestRelay> {
  const webDist = mkdtempSync(join(tmpdir(), 'parley-web-'));
  const removeDist = () => rmSync(webDist, { recursive: true, force: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(webDist, path)), { recursive: true });
    writeFileSync(join(webDist, path), content);
  }
  const relay = await startTestRelay({ ...env, WEB_DIST: webDist }).catch((err: unknown) => {
    removeDist();
    throw err;
  });
  return {
    ...relay,
    close: async () => {
      await relay.close();
      removeDist();
    },
  };
}
