import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withConfigFile } from '../src/providers/config/provider-config.ts';
import { PROVIDER_KINDS } from '../src/providers/provider-kinds.ts';
import { loadSettings, type RelaySettings } from '../src/settings.ts';
import { root, variablesRead } from './relay-variables.ts';

/**
 * The configuration reference: docs/configuring.md (every variable's table), with the
 * deploying and operating guides whose tables name the variables of their own concern.
 */
function configurationSection(): string {
  return ['configuring.md', 'deploying.md', 'operating.md']
    .map((file) => readFileSync(join(root, 'docs', file), 'utf8'))
    .join('\n');
}

/**
 * The variables named in the first column of the configuration table. A pattern such as
 * `<NAME>_API_KEY`, `_ASR_MODEL` is read for the provider named `openai`.
 */
function variablesListed(): string[] {
  const names = new Set<string>();
  for (const row of configurationSection().split('\n')) {
    const first = /^\|([^|]*)\|/.exec(row)?.[1] ?? '';
    for (const [, code = ''] of first.matchAll(/`([^`]+)`/g)) {
      const name = code.replace('<NAME>', 'OPENAI').replace(/^_/, 'OPENAI_');
      if (/^[A-Z][A-Z0-9_]+$/.test(name)) names.add(name);
    }
  }
  return [...names].sort();
}

/** Every setting, from `env` as the relay reads it; the random part of the relay id dropped. */
function settingsFrom(env: Record<string, string>): RelaySettings {
  const settings = loadSettings(withConfigFile(env));
  return { ...settings, cluster: { ...settings.cluster, relayId: 'x' } };
}

/** A deployment that sets much: JWT, hosted providers of every kind, Redis, PostgreSQL. */
const DEPLOYED: Record<string, string> = {
  AUTH_MODE: 'jwt',
  JWT_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
  JWT_ISSUER: 'https://idp.example.com/',
  ALLOWED_ORIGINS: 'https://chat.example.com',
  ASR_PROVIDERS: 'deepgram,openai,embedded',
  LLM_PROVIDERS: 'openai,anthropic,llama-cpp',
  TTS_PROVIDERS: 'elevenlabs,openai',
  OPENAI_API_KEY: 'sk-openai',
  ANTHROPIC_API_KEY: 'sk-anthropic',
  DEEPGRAM_API_KEY: 'dg',
  ELEVENLABS_API_KEY: 'el',
  LLM_MODEL_PATH: '/models/tiny.gguf',
  REDIS_URL: 'redis://127.0.0.1:6379',
  DATABASE_URL: 'postgres://parley@127.0.0.1/parley',
};

describe('the configuration tables in docs/', () => {
  it('lists every variable the relay reads', () => {
    const section = configurationSection();
    const read = variablesRead();
    expect(read.size).toBeGreaterThan(60);
    expect([...read].filter((v) => !section.includes(`\`${v}\``)).sort()).toEqual([]);
  });
});

describe('the providers in the configuration table', () => {
  it('name the key of every hosted kind of their own (an OpenAI-compatible one is <NAME>_API_KEY)', () => {
    const section = configurationSection();
    const keys = PROVIDER_KINDS.filter(
      (k) => k.info.key === 'required' && !k.family.openAiCompatible,
    ).map((k) => `\`${k.info.kind.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY\``);
    expect(keys.length).toBeGreaterThan(3);
    expect(keys.filter((key) => !section.includes(key))).toEqual([]);
  });
});

describe('a blank setting', () => {
  const listed = variablesListed();

  it('is read from the whole table', () => {
    expect(listed.length).toBeGreaterThan(60);
    expect(listed).toEqual(expect.arrayContaining(['PORT', 'OPENAI_ASR_MODEL', 'LOG_LEVEL']));
  });

  // docs/configuring.md promises it: a blank value counts as unset, whatever the variable.
  it.each<[string, Record<string, string>]>([
    ['alone', {}],
    ['in a deployment with JWT, hosted providers, Redis and PostgreSQL', DEPLOYED],
  ])('gives the default of each variable in the table (%s)', (_, base) => {
    const defaults = settingsFrom(base);
    const differ = listed
      .filter((name) => !(name in base))
      .filter((name) => {
        for (const blank of ['', '  ']) {
          try {
            expect(settingsFrom({ ...base, [name]: blank })).toEqual(defaults);
          } catch {
            return true;
          }
        }
        return false;
      });
    expect(differ).toEqual([]);
  });

  it('in the environment does not hide the value of the PARLEY_CONFIG file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    try {
      const path = join(dir, 'parley.json');
      writeFileSync(path, JSON.stringify({ RESUME_GRACE_S: 5 }));
      const { relay } = settingsFrom({ PARLEY_CONFIG: path, RESUME_GRACE_S: '' });
      expect(relay.resumeGraceMs).toBe(5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
