import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createEmbeddedProviders } from '../src/providers/embedded.ts';
import type { Providers } from '../src/providers/types.ts';
import { startRelay, type RunningRelay } from '../src/server/start.ts';

export interface TestRelay extends RunningRelay {
  wsUrl: string;
  providers: Providers;
  dataDir: string;
}

/**
 * A real relay on a random loopback port with the embedded providers and a SQLite file in a
 * fresh temp dir (or `DATA_DIR` from `env`, to restart on the same data).
 */
export async function startTestRelay(
  env: Record<string, string> = {},
  providers?: Providers,
): Promise<TestRelay> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'parley-relay-'));
  const fullEnv = { PORT: '0', HOST: '127.0.0.1', WEB_DIST: '', DATA_DIR: dataDir, ...env };
  const p = providers ?? (await createEmbeddedProviders(loadConfig(fullEnv)));
  const relay = await startRelay(fullEnv, p).catch(async (err: unknown) => {
    if (!providers) await Promise.allSettled([p.asr.close(), p.tts.close()]);
    if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  return {
    ...relay,
    wsUrl: `${relay.url.replace('http', 'ws')}/ws`,
    providers: p,
    dataDir,
    close: async () => {
      await relay.close();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
