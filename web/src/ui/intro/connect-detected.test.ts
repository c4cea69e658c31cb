import { describe, expect, it } from 'vitest';
import type {
  AssistantSettingsUpdate,
  AssistantSettingsView,
  DetectedServer,
  StageEntryRequest,
  StageTestResult,
} from '@parley/shared';
import type { ProviderSettingsApi } from '../../net/settings-api.ts';
import { detectedChoices, connectDetected } from './connect-detected.ts';
import { RELAY_KINDS } from '../../settings/relay-kinds.test-kit.ts';
import { intlFor } from '../../i18n/intl.ts';

const ollama: DetectedServer = {
  server: 'ollama',
  baseUrl: 'http://127.0.0.1:11434/v1',
  models: ['llama3.2', 'qwen2.5'],
};
const embedded = { id: 'embedded', kind: 'embedded', keySet: false } as const;
const view: AssistantSettingsView = {
  chains: { asr: [embedded], llm: [embedded], tts: [embedded] },
  kinds: RELAY_KINDS,
  source: { asr: 'default', llm: 'default', tts: 'default' },
  updatedAt: null,
};

/** An API that answers the test with `result` and records what it was asked. */
function fakeApi(result: StageTestResult) {
  const tested: StageEntryRequest[] = [];
  const saved: AssistantSettingsUpdate[] = [];
  const api: ProviderSettingsApi = {
    get: () => Promise.resolve(view),
    put: (update) => {
      saved.push(update);
      return Promise.resolve(view);
    },
    detect: () => Promise.resolve([ollama]),
    models: () => Promise.resolve([]),
    test: (request) => {
      tested.push(request);
      return Promise.resolve(result);
    },
  };
  return { api, tested, saved };
}

describe('using a detected server from the first screen', () => {
  it('offers each server’s first model, two servers at most, none without a model', () => {
    const empty: DetectedServer = {
      server: 'vllm',
      baseUrl: 'http://127.0.0.1:8000/v1',
      models: [],
    };
    const lm: DetectedServer = {
      server: 'lmstudio',
      baseUrl: 'http://127.0.0.1:1234/v1',
      models: ['a'],
    };
    const cpp: DetectedServer = {
      server: 'llama-cpp',
      baseUrl: 'http://127.0.0.1:8080/v1',
      models: ['b'],
    };
    expect(detectedChoices([empty, ollama, lm, cpp]).map((c) => c.name)).toEqual([
      'Ollama llama3.2',
      'LM Studio a',
    ]);
  });

  it('tests the model, then saves it first in the chain, the embedded one kept behind it', async () => {
    const { api, tested, saved } = fakeApi({ ok: true, latencyMs: 120, detail: 'llama3.2' });
    const [choice] = detectedChoices([ollama]);
    if (!choice) throw new Error('no choice');
    expect(await connectDetected(intlFor('en'), api, choice)).toEqual({ ok: true });
    expect(tested).toEqual([
      {
        stage: 'llm',
        entry: expect.objectContaining({ baseUrl: ollama.baseUrl, model: 'llama3.2' }) as unknown,
      },
    ]);
    expect(saved[0]?.chains.llm.map((e) => e.kind)).toEqual(['openai-compatible', 'embedded']);
  });

  it('saves nothing when the model does not answer, and says why', async () => {
    const { api, saved } = fakeApi({ ok: false, message: 'Nothing answers at that address.' });
    const [choice] = detectedChoices([ollama]);
    if (!choice) throw new Error('no choice');
    const outcome = await connectDetected(intlFor('en'), api, choice);
    expect(outcome).toEqual({
      ok: false,
      text: 'Ollama llama3.2 did not answer. Failed: Nothing answers at that address.',
    });
    expect(saved).toEqual([]);
  });
});
