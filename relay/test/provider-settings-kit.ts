/** What the provider settings tests share: calls to the admin API, and every body it answered. */
import { expect } from 'vitest';
import type {
  AssistantSettingsUpdate,
  AssistantSettingsView,
  ProviderEntryInput,
  StageTestResult,
} from '@parley/shared';
import type { FakeOpenAi } from './fakes/openai-server.ts';
import type { TestRelay } from './harness.ts';

/** The key the local server wants; no API response and no stored row may ever hold it. */
export const KEY = 'sk-local-0123456789abcdef-SECRET';
export const EMBEDDED: ProviderEntryInput = { id: 'embedded', kind: 'embedded' };

/** Every body an API answered in this file, for the check that none holds a key. */
export const answered: string[] = [];

export async function call(
  relay: Pick<TestRelay, 'url'>,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${relay.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  answered.push(text);
  return { status: res.status, json: JSON.parse(text) };
}

export const view = async (relay: Pick<TestRelay, 'url'>, token?: string) => {
  const r = await call(relay, '/api/admin/settings', token ? { token } : {});
  expect(r.status).toBe(200);
  return r.json as AssistantSettingsView;
};

export const save = async (
  relay: Pick<TestRelay, 'url'>,
  chains: Partial<AssistantSettingsUpdate['chains']>,
  token?: string,
) =>
  call(relay, '/api/admin/settings', {
    method: 'PUT',
    body: { chains: { asr: [EMBEDDED], llm: [EMBEDDED], tts: [EMBEDDED], ...chains } },
    ...(token ? { token } : {}),
  });

export const test = async (relay: TestRelay, stage: string, entry: ProviderEntryInput) => {
  const r = await call(relay, '/api/admin/settings/test', { body: { stage, entry } });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json as StageTestResult;
};

export const local = (
  server: FakeOpenAi,
  model: string,
  apiKey?: string | null,
): ProviderEntryInput => ({
  id: 'local',
  kind: 'openai-compatible',
  baseUrl: server.baseUrl,
  model,
  ...(apiKey === undefined ? {} : { apiKey }),
});
