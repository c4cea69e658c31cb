import { loadConfig, type RelayConfig } from '../src/config.ts';
import { createEmbeddedProviders } from '../src/providers/embedded.ts';
import type { Providers } from '../src/providers/types.ts';
import { startRelay, type RunningRelay } from '../src/server/start.ts';

export interface TestRelay extends RunningRelay {
  wsUrl: string;
  providers: Providers;
}

/** A real relay on a random loopback port with the embedded providers. */
export async function startTestRelay(
  env: Record<string, string> = {},
  providers?: Providers,
): Promise<TestRelay> {
  const config: RelayConfig = loadConfig({ PORT: '0', HOST: '127.0.0.1', WEB_DIST: '', ...env });
  const p = providers ?? (await createEmbeddedProviders(config));
  const relay = await startRelay(config, p);
  return { ...relay, wsUrl: `${relay.url.replace('http', 'ws')}/ws`, providers: p };
}
