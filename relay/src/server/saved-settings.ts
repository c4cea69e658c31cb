import type { Logger } from '../log/logger.ts';
import { ProviderSettings, stagesSetByEnv } from '../provider-settings/provider-settings.ts';
import { settingsBox } from '../provider-settings/settings-key.ts';
import type { LiveProviders } from '../providers/live-providers.ts';
import type { RelaySettings } from '../settings.ts';
import type { Storage } from '../storage/index.ts';
import { McpServers } from '../tools/mcp/mcp-servers.ts';

/** What a relay starts with to read and apply what was saved from the app. */
export interface SavedSettingsDeps {
  env: Record<string, string | undefined>;
  settings: RelaySettings;
  storage: Storage;
  providers: LiveProviders;
  logger: (name: string) => Logger;
}

/**
 * Starts what the app saves — provider chains and MCP servers — sealed by one key (providers'
 * API keys, MCP servers' tokens). If the MCP servers cannot start, the provider settings are
 * stopped again before the error is thrown: nothing is left running.
 */
export async function startSavedSettings(
  d: SavedSettingsDeps,
): Promise<{ providerSettings: ProviderSettings; mcpServers: McpServers }> {
  const { auth, relay, providers: plan, providerSettings: config, mcp } = d.settings;
  const box = settingsBox({
    settingsKey: config.settingsKey,
    authMode: auth.mode,
    dataDir: relay.dataDir,
    log: d.logger('relay:provider-settings'),
  });
  const providerSettings = new ProviderSettings({
    basePlan: plan,
    envStages: stagesSetByEnv(d.env),
    store: d.storage.providerSettings,
    box,
    providers: d.providers,
    config,
    log: d.logger('relay:provider-settings'),
  });
  await providerSettings.start();
  const mcpServers = new McpServers({
    store: d.storage.mcpServers,
    box,
    config: mcp,
    breaker: plan.breaker,
    pollMs: config.pollMs,
    now: Date.now,
    log: d.logger('relay:mcp'),
  });
  await mcpServers.start().catch(async (err: unknown) => {
    await providerSettings.stop();
    throw err;
  });
  return { providerSettings, mcpServers };
}
