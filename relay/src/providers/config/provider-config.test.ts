import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProviderPlan, withConfigFile } from './provider-config.ts';

describe('loadProviderPlan', () => {
  it('runs the embedded providers with no configuration at all, Moonshine writing', () => {
    const plan = loadProviderPlan({});
    // Moonshine writes (PocketSphinx listening), PocketSphinx alone behind it (issue 61).
    expect(plan.asr).toEqual([
      { kind: 'moonshine', name: 'moonshine' },
      { kind: 'embedded', name: 'embedded' },
    ]);
    // Each embedded engine read its own settings (Moonshine's MOONSHINE_*: moonshine-engine.test.ts).
    expect([...plan.engineSettings.engines].sort()).toEqual([
      'espeak-ng',
      'flite',
      'moonshine',
      'pocketsphinx',
    ]);
    expect(plan.llm).toEqual([{ kind: 'embedded', name: 'embedded' }]);
    expect(plan.timeouts).toEqual({
      asrFinalMs: 10_000,
      llmFirstTokenMs: 10_000,
      llmTotalMs: 60_000,
      ttsFirstAudioMs: 10_000,
      streamStallMs: 5_000,
    });
    expect(plan.pocketsphinxSpares).toBe(2);
    expect(loadProviderPlan({ POCKETSPHINX_SPARES: '0' }).pocketsphinxSpares).toBe(0);
    expect(() => loadProviderPlan({ POCKETSPHINX_SPARES: '1.5' })).toThrow(/POCKETSPHINX_SPARES/);
  });

  it('goes back to PocketSphinx alone by its name, for recognition only', () => {
    expect(loadProviderPlan({ ASR_PROVIDERS: 'pocketsphinx' }).asr).toEqual([
      { kind: 'embedded', name: 'embedded' },
    ]);
    expect(() => loadProviderPlan({ LLM_PROVIDERS: 'pocketsphinx' })).toThrow(
      'LLM_PROVIDERS=pocketsphinx but pocketsphinx cannot serve llm (it serves asr)',
    );
  });

  it('refuses an engine’s bad setting with the others, naming its variable', () => {
    expect(() => loadProviderPlan({ MOONSHINE_RUNTIME: 'gpu' })).toThrow(/MOONSHINE_RUNTIME/);
    expect(() => loadProviderPlan({ MOONSHINE_WORKERS: '-1', LLM_PROVIDERS: 'openai' })).toThrow(
      /MOONSHINE_WORKERS.*OPENAI_API_KEY|OPENAI_API_KEY.*MOONSHINE_WORKERS/,
    );
  });

  it('says which key is missing for which chain', () => {
    expect(() => loadProviderPlan({ LLM_PROVIDERS: 'openai' })).toThrow(
      'LLM_PROVIDERS=openai but OPENAI_API_KEY is missing',
    );
    expect(() => loadProviderPlan({ ASR_PROVIDERS: 'deepgram,embedded' })).toThrow(
      'ASR_PROVIDERS=deepgram,embedded but DEEPGRAM_API_KEY is missing',
    );
    expect(() => loadProviderPlan({ LLM_PROVIDERS: 'llama-cpp' })).toThrow(
      /LLM_MODEL_PATH is missing/,
    );
  });

  it('lists every problem at once', () => {
    let message = '';
    try {
      loadProviderPlan({
        LLM_PROVIDERS: 'anthropic',
        TTS_PROVIDERS: 'elevenlabs',
        ASR_PROVIDERS: 'anthropic',
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('ANTHROPIC_API_KEY is missing');
    expect(message).toContain('ELEVENLABS_API_KEY is missing');
    expect(message).toContain('anthropic cannot serve asr (it serves llm)');
  });

  it('builds failover chains in order, with presets and named OpenAI-compatible servers', () => {
    const plan = loadProviderPlan({
      LLM_PROVIDERS: 'groq, openai ,embedded',
      GROQ_API_KEY: 'g',
      OPENAI_API_KEY: 'o',
      TTS_PROVIDERS: 'kokoro,embedded',
      KOKORO_BASE_URL: 'http://127.0.0.1:8880/v1',
      KOKORO_TTS_MODEL: 'kokoro',
      KOKORO_TTS_VOICE: 'af_bella',
    });
    expect(plan.llm.map((s) => s.name)).toEqual(['groq', 'openai', 'embedded']);
    expect(plan.llm[0]).toMatchObject({
      kind: 'openai',
      baseUrl: 'https://api.groq.com/openai/v1',
      model: 'llama-3.1-8b-instant',
      apiKey: 'g',
    });
    expect(plan.tts[0]).toMatchObject({
      kind: 'openai',
      name: 'kokoro',
      model: 'kokoro',
      voice: 'af_bella',
      sampleRateHz: 24_000,
    });
    expect(plan.tts[0]).not.toHaveProperty('apiKey');
  });

  it("reads ElevenLabs' streaming input as one of its settings, off unless set", () => {
    const env = { TTS_PROVIDERS: 'elevenlabs', ELEVENLABS_API_KEY: 'k' };
    expect(loadProviderPlan(env).tts[0]).toMatchObject({ kind: 'elevenlabs', streamInput: false });
    expect(loadProviderPlan({ ...env, ELEVENLABS_STREAM_INPUT: '1' }).tts[0]).toMatchObject({
      streamInput: true,
    });
    expect(() => loadProviderPlan({ ...env, ELEVENLABS_STREAM_INPUT: 'maybe' })).toThrow(
      /ELEVENLABS_STREAM_INPUT: must be 1 or 0/,
    );
  });

  it('refuses an unknown server without its URL, a repeated name, and bad timeouts', () => {
    expect(() => loadProviderPlan({ LLM_PROVIDERS: 'myserver' })).toThrow(
      /MYSERVER_BASE_URL is missing/,
    );
    expect(() => loadProviderPlan({ LLM_PROVIDERS: 'embedded,embedded' })).toThrow(/twice/);
    expect(() => loadProviderPlan({ LLM_FIRST_TOKEN_TIMEOUT_S: 'soon' })).toThrow(
      /LLM_FIRST_TOKEN_TIMEOUT_S/,
    );
    expect(() => loadProviderPlan({ TTS_PROVIDERS: ' , ' })).toThrow(/TTS_PROVIDERS is empty/);
    // Blank is unset (the default), like every other setting.
    expect(loadProviderPlan({ TTS_PROVIDERS: '' }).tts).toEqual([
      { kind: 'embedded', name: 'embedded' },
    ]);
  });

  it('reads ESPEAK_NG (on unless off), and refuses a voice chain naming eSpeak NG left out', () => {
    expect(loadProviderPlan({}).espeakNg).toBe('on');
    expect(loadProviderPlan({ ESPEAK_NG: 'off' }).espeakNg).toBe('off');
    expect(() => loadProviderPlan({ ESPEAK_NG: 'no' })).toThrow(/ESPEAK_NG/);
    expect(() => loadProviderPlan({ ESPEAK_NG: 'off', TTS_PROVIDERS: 'espeak-ng' })).toThrow(
      /ESPEAK_NG=off leaves eSpeak NG out/,
    );
  });

  it('never puts a key in an error message', () => {
    expect.assertions(2);
    try {
      loadProviderPlan({
        LLM_PROVIDERS: 'openai',
        OPENAI_API_KEY: 'sk-secret',
        TTS_PROVIDERS: 'x y',
      });
    } catch (err) {
      expect((err as Error).message).toMatch(/"x y" is not a provider name/);
      expect((err as Error).message).not.toContain('sk-secret');
    }
  });

  it('refuses an address with a user name or password, and says where the key goes', () => {
    const load = () =>
      loadProviderPlan({
        LLM_PROVIDERS: 'local,anthropic',
        LOCAL_BASE_URL: 'http://someone:pw-in-address@10.0.0.5:8000/v1',
        LOCAL_MODEL: 'm',
        ANTHROPIC_API_KEY: 'a',
        ANTHROPIC_BASE_URL: 'https://user@proxy.example',
      });
    expect(load).toThrow(
      /LOCAL_BASE_URL holds a user name or password: put the key in LOCAL_API_KEY, not in the address/,
    );
    expect(load).toThrow(/ANTHROPIC_BASE_URL holds a user name or password/);
    expect(load).not.toThrow(/pw-in-address/);
  });
});

describe('withConfigFile', () => {
  it('reads settings from the PARLEY_CONFIG file, the environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    const path = join(dir, 'parley.json');
    writeFileSync(
      path,
      JSON.stringify({ LLM_PROVIDERS: 'openai', OPENAI_API_KEY: 'file-key', LLM_MAX_TOKENS: 200 }),
    );
    const env = withConfigFile({ PARLEY_CONFIG: path, OPENAI_API_KEY: 'env-key' });
    expect(env).toMatchObject({
      LLM_PROVIDERS: 'openai',
      OPENAI_API_KEY: 'env-key',
      LLM_MAX_TOKENS: '200',
    });
    writeFileSync(path, '[1, 2]');
    expect(() => withConfigFile({ PARLEY_CONFIG: path })).toThrow(/must hold a JSON object/);
    writeFileSync(path, '{ nope');
    expect(() => withConfigFile({ PARLEY_CONFIG: path })).toThrow(/could not be read as JSON/);
    rmSync(dir, { recursive: true, force: true });
  });
});
