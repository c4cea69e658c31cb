import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCAL_SERVER_PROBES, loadProviderSettingsConfig } from './settings-config.ts';

describe('loadProviderSettingsConfig', () => {
  it('probes the usual local ports by default, where told, or nowhere', () => {
    expect(loadProviderSettingsConfig({}).localServerProbes).toEqual(DEFAULT_LOCAL_SERVER_PROBES);
    expect(loadProviderSettingsConfig({ LOCAL_SERVER_PROBES: ' ' }).localServerProbes).toEqual(
      DEFAULT_LOCAL_SERVER_PROBES,
    );
    expect(
      loadProviderSettingsConfig({
        LOCAL_SERVER_PROBES: 'ollama=http://127.0.0.1:9/v1, vllm=http://gpu:8000/v1',
      }).localServerProbes,
    ).toEqual([
      { server: 'ollama', baseUrl: 'http://127.0.0.1:9/v1' },
      { server: 'vllm', baseUrl: 'http://gpu:8000/v1' },
    ]);
    expect(loadProviderSettingsConfig({ LOCAL_SERVER_PROBES: 'none' }).localServerProbes).toEqual(
      [],
    );
    expect(() => loadProviderSettingsConfig({ LOCAL_SERVER_PROBES: 'kobold=http://x' })).toThrow(
      /LOCAL_SERVER_PROBES: "kobold=http:\/\/x" is not server=url/,
    );
    const withPassword = { LOCAL_SERVER_PROBES: 'vllm=http://u:pw-secret@gpu:8000/v1' };
    expect(() => loadProviderSettingsConfig(withPassword)).toThrow(
      /"vllm=…" holds a user name or password/,
    );
    expect(() => loadProviderSettingsConfig(withPassword)).not.toThrow(/pw-secret/);
  });

  it('takes a 32-byte SETTINGS_KEY in base64, and says what it wants otherwise', () => {
    const key = randomBytes(32).toString('base64');
    expect(loadProviderSettingsConfig({ SETTINGS_KEY: key }).settingsKey?.length).toBe(32);
    expect(loadProviderSettingsConfig({}).settingsKey).toBeUndefined();
    expect(() => loadProviderSettingsConfig({ SETTINGS_KEY: 'short' })).toThrow(
      /SETTINGS_KEY: must be 32 random bytes in base64/,
    );
    // 32 bytes, but a pattern (the template's placeholder is not even base64 of 32 bytes).
    const patterned = Buffer.alloc(32, 7).toString('base64');
    expect(() => loadProviderSettingsConfig({ SETTINGS_KEY: patterned })).toThrow(
      /SETTINGS_KEY: is guessable .* make one with `openssl rand -base64 32`/,
    );
    expect(() =>
      loadProviderSettingsConfig({ SETTINGS_KEY: 'replace-with-32-random-bytes-base64' }),
    ).toThrow(/SETTINGS_KEY: must be 32 random bytes in base64/);
  });
});
