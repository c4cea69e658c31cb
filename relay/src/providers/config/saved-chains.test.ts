import { describe, expect, it } from 'vitest';
import { loadProviderPlan } from './provider-config.ts';
import { planWithSaved, specsOfSaved } from './saved-chains.ts';

describe('saved chains', () => {
  it('map each kind to the spec the environment would give', () => {
    const { specs, problems } = specsOfSaved('llm', [
      { id: 'groq', kind: 'groq', apiKey: 'g' },
      { id: 'local', kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:1234/v1', model: 'q' },
      { id: 'claude', kind: 'anthropic', apiKey: 'a' },
      { id: 'embedded', kind: 'embedded' },
    ]);
    expect(problems).toEqual([]);
    expect(specs).toEqual([
      {
        kind: 'openai',
        name: 'groq',
        baseUrl: 'https://api.groq.com/openai/v1',
        model: 'llama-3.1-8b-instant',
        apiKey: 'g',
        streamUsage: true,
      },
      {
        kind: 'openai',
        name: 'local',
        baseUrl: 'http://127.0.0.1:1234/v1',
        model: 'q',
        streamUsage: true,
      },
      {
        kind: 'anthropic',
        name: 'anthropic',
        baseUrl: 'https://api.anthropic.com',
        model: 'claude-haiku-4-5',
        apiKey: 'a',
      },
      { kind: 'embedded', name: 'embedded' },
    ]);
    const [deepgram] = specsOfSaved('asr', [
      { id: 'dg', kind: 'deepgram', baseUrl: 'https://api.deepgram.com', apiKey: 'd' },
    ]).specs;
    expect(deepgram).toMatchObject({ kind: 'deepgram', baseUrl: 'wss://api.deepgram.com' });
  });

  it('name every problem, as the environment does', () => {
    const { problems } = specsOfSaved('tts', [
      { id: 'openai', kind: 'openai' },
      { id: 'local', kind: 'openai-compatible' },
      { id: 'dg', kind: 'deepgram', apiKey: 'd' },
      { id: 'dg', kind: 'embedded' },
    ]);
    expect(problems).toEqual([
      'Voice: the chain names a provider twice',
      'Voice, provider 1 (OpenAI): its API key is missing',
      'Voice, provider 2 (OpenAI-compatible server): its server address is missing (an OpenAI-compatible server, e.g. http://host:8000/v1)',
      'Voice, provider 2 (OpenAI-compatible server): its model is missing (there is no default model for tts)',
      'Voice, provider 3 (Deepgram): dg cannot serve tts (it serves asr)',
    ]);
  });

  it('replace only the stages given, and only when valid', () => {
    const base = loadProviderPlan({});
    const { plan, problems } = planWithSaved(base, {
      llm: [{ id: 'openai', kind: 'openai', apiKey: 'k' }],
      tts: [{ id: 'openai', kind: 'openai' }],
    });
    expect(plan.llm).toMatchObject([{ name: 'openai', model: 'gpt-4o-mini' }]);
    expect(plan.tts).toEqual(base.tts);
    expect(plan.asr).toEqual(base.asr);
    expect(problems).toEqual(['Voice, provider 1 (OpenAI): its API key is missing']);
  });

  it('refuse an address with a user name or password', () => {
    const { problems } = specsOfSaved('llm', [
      {
        id: 'local',
        kind: 'openai-compatible',
        baseUrl: 'http://someone:pw@127.0.0.1:1234/v1',
        model: 'q',
      },
    ]);
    expect(problems).toEqual([
      'Language model, provider 1 (OpenAI-compatible server): its server address holds a user name or password: put the key in its API key, not in the address',
    ]);
  });

  it('reach a hosted kind where the environment says it is, unless given an address', () => {
    const { kindAddresses } = loadProviderPlan({
      ELEVENLABS_BASE_URL: 'http://gateway.internal/elevenlabs',
      OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:9/v1',
      DEEPGRAM_BASE_URL: ' ',
    });
    // A server's address is the user's to give: the environment names none for it.
    expect(kindAddresses).toEqual({ elevenlabs: 'http://gateway.internal/elevenlabs' });
    const [viaEnv] = specsOfSaved('tts', [{ id: 'el', kind: 'elevenlabs', apiKey: 'k' }], {
      elevenlabs: 'http://gateway.internal/elevenlabs',
    }).specs;
    expect(viaEnv).toMatchObject({ baseUrl: 'http://gateway.internal/elevenlabs' });
    const [own] = specsOfSaved(
      'tts',
      [{ id: 'el', kind: 'elevenlabs', apiKey: 'k', baseUrl: 'http://own.example' }],
      kindAddresses,
    ).specs;
    expect(own).toMatchObject({ baseUrl: 'http://own.example' });
    const [vendor] = specsOfSaved('tts', [{ id: 'el', kind: 'elevenlabs', apiKey: 'k' }]).specs;
    expect(vendor).toMatchObject({ baseUrl: 'https://api.elevenlabs.io' });
  });
});
