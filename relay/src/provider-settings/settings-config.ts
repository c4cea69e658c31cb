import { z } from 'zod';
import { urlHasCredentials, type DetectedServer } from '@parley/shared';
import { envNumber } from '../env/env-fields.ts';
import { readEnv, type Env } from '../env/read-env.ts';
import { KEY_RULE, secretProblem, type SecretRule } from '../env/secret-strength.ts';
import { SETTINGS_KEY_BYTES } from '../secrets/secret-box.ts';

/** `SETTINGS_KEY` is a key, made by its own command. */
const SETTINGS_KEY_RULE: SecretRule = { ...KEY_RULE, make: 'openssl rand -base64 32' };

/** A local OpenAI-compatible server kind the relay looks for. */
export type LocalServerKind = DetectedServer['server'];

/** Where each kind of local server listens by default (its OpenAI-compatible base URL). */
export const DEFAULT_LOCAL_SERVER_PROBES: readonly LocalServerProbe[] = [
  { server: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1' },
  { server: 'lmstudio', baseUrl: 'http://127.0.0.1:1234/v1' },
  { server: 'llama-cpp', baseUrl: 'http://127.0.0.1:8080/v1' },
  { server: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1' },
];

export interface LocalServerProbe {
  server: LocalServerKind;
  baseUrl: string;
}

const SERVERS = ['ollama', 'lmstudio', 'llama-cpp', 'vllm'] as const;

const envSchema = z.object({
  /** AES-256 key (32 bytes, base64) that encrypts the API keys saved from the app. */
  SETTINGS_KEY: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(raw) ? Buffer.from(raw, 'base64') : null;
      if (bytes?.length !== SETTINGS_KEY_BYTES) {
        ctx.addIssue({
          code: 'custom',
          message: `must be ${SETTINGS_KEY_BYTES} random bytes in base64 (e.g. \`openssl rand -base64 32\`)`,
        });
        return z.NEVER;
      }
      // 32 bytes that are a pattern (all one byte, a phrase in base64) seal nothing.
      const weak = secretProblem(raw, SETTINGS_KEY_RULE);
      if (weak === null) return bytes;
      ctx.addIssue({ code: 'custom', message: weak });
      return z.NEVER;
    }),
  /** `ollama=http://127.0.0.1:11434/v1,…`: where to look for local servers; `none`: nowhere. */
  LOCAL_SERVER_PROBES: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return DEFAULT_LOCAL_SERVER_PROBES;
      if (raw.toLowerCase() === 'none') return [];
      const probes: LocalServerProbe[] = [];
      for (const item of raw.split(',').map((s) => s.trim())) {
        const [server = '', url = ''] = item.split(/=(.*)/s);
        const kind = SERVERS.find((s) => s === server.trim());
        if (!kind || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
          ctx.addIssue({
            code: 'custom',
            message: `"${item}" is not server=url (servers: ${SERVERS.join(', ')}; e.g. ollama=http://127.0.0.1:11434/v1), or none`,
          });
          return z.NEVER;
        }
        if (urlHasCredentials(url.trim())) {
          // The address is shown to the admin and logged: it must hold no password.
          ctx.addIssue({
            code: 'custom',
            message: `"${kind}=…" holds a user name or password: local servers are probed without one`,
          });
          return z.NEVER;
        }
        probes.push({ server: kind, baseUrl: url.trim() });
      }
      return probes;
    }),
  SETTINGS_POLL_S: envNumber({
    default: 5,
    min: 0.1,
    max: 3600,
    meaning:
      'seconds between checks for provider settings and user preferences saved by another relay',
  }),
});

export interface ProviderSettingsConfig {
  /** The key sealing saved API keys; undefined: none given (see `settingsKey`). */
  settingsKey: Buffer | undefined;
  /** Local servers to look for, in order. */
  localServerProbes: readonly LocalServerProbe[];
  /** How often the saved settings are checked for another relay's change (ms). */
  pollMs: number;
}

/** Reads the settings of provider settings (blank = unset); throws listing every problem. */
export function loadProviderSettingsConfig(env: Env): ProviderSettingsConfig {
  const e = readEnv(envSchema, env, 'provider settings');
  return {
    settingsKey: e.SETTINGS_KEY,
    localServerProbes: e.LOCAL_SERVER_PROBES,
    pollMs: Math.round(e.SETTINGS_POLL_S * 1000),
  };
}
