import { describe, expect, it } from 'vitest';
import type { AssistantSettingsView, ProviderEntryView } from '@parley/shared';
import { draftReducer, emptyDraft } from './chain-draft.ts';
import { localWhisperServers, withRecogniser } from './recogniser-choice.ts';
import { RELAY_KINDS } from './relay-kinds.test-kit.ts';

// Issue 62, item 3: a Dutch user without a Dutch recogniser is one click from one in Settings.

const embedded: ProviderEntryView = { id: 'embedded', kind: 'embedded', keySet: false };
const loaded = (asr: ProviderEntryView[] = [embedded]) =>
  draftReducer(emptyDraft, {
    type: 'load',
    view: {
      chains: { asr, llm: [embedded], tts: [embedded] },
      kinds: RELAY_KINDS,
      source: { asr: 'default', llm: 'default', tts: 'default' },
      updatedAt: null,
    } satisfies AssistantSettingsView,
  });
const kinds = (d: ReturnType<typeof loaded>) => d.chains.asr.map((e) => e.kind);

describe('withRecogniser', () => {
  it('puts a hosted recogniser first, the embedded one staying the last resort', () => {
    const d = withRecogniser(loaded(), { kind: 'deepgram' });
    expect(kinds(d)).toEqual(['deepgram', 'embedded']);
    // Its key is the user's to type: nothing is filled in for them.
    expect(d.chains.asr[0]?.apiKey).toBe('');
  });

  it('puts a Whisper server found on this machine first, at its address, with its model', () => {
    const d = withRecogniser(loaded(), {
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:8000/v1',
      model: 'Systran/faster-whisper-small',
    });
    expect(d.chains.asr[0]).toMatchObject({
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:8000/v1',
      model: 'Systran/faster-whisper-small',
    });
    expect(kinds(d)).toEqual(['openai-compatible', 'embedded']);
  });

  it('moves one already in the chain up rather than adding another', () => {
    const groq: ProviderEntryView = { id: 'groq', kind: 'groq', keySet: true, keyHint: '…9f' };
    const openai: ProviderEntryView = { id: 'openai', kind: 'openai', keySet: true };
    const d = withRecogniser(loaded([openai, groq, embedded]), { kind: 'groq' });
    expect(kinds(d)).toEqual(['groq', 'openai', 'embedded']);
    expect(d.chains.asr[0]?.keySet).toBe(true);
  });

  it('leaves the draft as it was for a kind that does not recognise speech', () => {
    const before = loaded();
    expect(withRecogniser(before, { kind: 'anthropic' })).toBe(before);
  });
});

describe('localWhisperServers', () => {
  it('offers a server’s Whisper model that hears more than English', () => {
    const server = (models: string[]) => ({
      server: 'vllm' as const,
      baseUrl: 'http://127.0.0.1:8000/v1',
      models,
    });
    expect(
      localWhisperServers([
        server(['llama3']),
        server(['distil-whisper-large-v3-en', 'whisper-small.en', 'openai/whisper-large-v3']),
      ]).map((w) => w.model),
    ).toEqual(['openai/whisper-large-v3']);
    expect(localWhisperServers([server(['whisper-base.en'])])).toEqual([]);
  });
});
