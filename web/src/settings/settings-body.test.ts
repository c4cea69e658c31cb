import { describe, expect, it } from 'vitest';
import type { AssistantSettingsView, ChainSource, Stage } from '@parley/shared';
import { draftReducer, emptyDraft, type DraftAction, type SettingsDraft } from './chain-draft.ts';
import { entryInput, settingsUpdate } from './settings-body.ts';
import { RELAY_KINDS } from './relay-kinds.test-kit.ts';
import { intlFor } from '../i18n/intl.ts';

const view: AssistantSettingsView = {
  chains: {
    asr: [{ id: 'embedded', kind: 'embedded', keySet: false }],
    llm: [{ id: 'openai', kind: 'openai', model: 'gpt-4o-mini', keySet: true, keyHint: '…a1b2' }],
    tts: [{ id: 'embedded', kind: 'embedded', keySet: false }],
  },
  kinds: RELAY_KINDS,
  source: { asr: 'default', llm: 'saved', tts: 'default' },
  updatedAt: 1,
};
const editable: Record<Stage, ChainSource> = { asr: 'default', llm: 'saved', tts: 'default' };
const run = (actions: DraftAction[]): SettingsDraft =>
  [{ type: 'load', view } as const, ...actions].reduce(draftReducer, emptyDraft);
const llm0 = (d: SettingsDraft) => {
  const e = d.chains.llm[0];
  if (!e) throw new Error('no entry');
  return e;
};

describe('entryInput', () => {
  it('keeps the stored key unless a new one is typed or it is removed', () => {
    expect(entryInput(llm0(run([])))).toEqual({
      id: 'openai',
      kind: 'openai',
      model: 'gpt-4o-mini',
    });
    const typed = run([
      { type: 'edit', stage: 'llm', index: 0, field: 'apiKey', value: ' sk-new ' },
    ]);
    expect(entryInput(llm0(typed)).apiKey).toBe('sk-new');
    const removed = run([{ type: 'remove-key', stage: 'llm', index: 0, remove: true }]);
    expect(entryInput(llm0(removed))).toHaveProperty('apiKey', null);
  });

  it('sends an address only for a compatible server, and nothing of a key for the embedded set', () => {
    const d = run([
      { type: 'kind', stage: 'llm', index: 0, kind: 'openai-compatible' },
      { type: 'edit', stage: 'llm', index: 0, field: 'baseUrl', value: 'http://127.0.0.1:1234/v1' },
      { type: 'edit', stage: 'llm', index: 0, field: 'model', value: 'qwen' },
    ]);
    expect(entryInput(llm0(d))).toEqual({
      id: 'lmstudio',
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:1234/v1',
      model: 'qwen',
    });
    // Typed as people type it, sent as the relay calls it.
    const bare = run([
      { type: 'kind', stage: 'llm', index: 0, kind: 'openai-compatible' },
      { type: 'edit', stage: 'llm', index: 0, field: 'baseUrl', value: 'localhost:11434' },
    ]);
    expect(entryInput(llm0(bare)).baseUrl).toBe('http://localhost:11434/v1');
    const asr = d.chains.asr[0];
    expect(asr && entryInput({ ...asr, apiKey: 'x', baseUrl: 'http://y' })).toEqual({
      id: 'embedded',
      kind: 'embedded',
    });
  });
});

describe('settingsUpdate', () => {
  it('gives the PUT body for a valid draft', () => {
    const r = settingsUpdate(intlFor('en'), run([]), editable);
    expect(r).toEqual({
      ok: true,
      body: {
        chains: {
          asr: [{ id: 'embedded', kind: 'embedded' }],
          llm: [{ id: 'openai', kind: 'openai', model: 'gpt-4o-mini' }],
          tts: [{ id: 'embedded', kind: 'embedded' }],
        },
      },
    });
  });

  it('ties each problem to its field, in plain words: a missing key, address or model, a bad address', () => {
    const d = run([
      { type: 'remove-key', stage: 'llm', index: 0, remove: true },
      { type: 'add', stage: 'tts' },
      { type: 'kind', stage: 'tts', index: 0, kind: 'openai-compatible' },
      { type: 'add', stage: 'asr' },
      { type: 'kind', stage: 'asr', index: 0, kind: 'openai-compatible' },
      { type: 'edit', stage: 'asr', index: 0, field: 'baseUrl', value: 'ftp://nope' },
      { type: 'edit', stage: 'asr', index: 0, field: 'model', value: 'whisper-1' },
    ]);
    const r = settingsUpdate(intlFor('en'), d, editable);
    expect(r).toEqual({
      ok: false,
      errors: {
        'llm.0.apiKey': 'This provider needs an API key.',
        'tts.0.baseUrl': 'Enter the server’s address, e.g. http://127.0.0.1:11434/v1.',
        'tts.0.model': 'Choose a model: this provider has no default one.',
        'asr.0.baseUrl':
          'The server’s address should look like http://127.0.0.1:11434/v1 (http or https).',
      },
    });
  });

  it('does not check a stage the environment sets (it cannot be edited here)', () => {
    const d = run([{ type: 'remove-key', stage: 'llm', index: 0, remove: true }]);
    expect(settingsUpdate(intlFor('en'), d, { ...editable, llm: 'environment' }).ok).toBe(true);
  });
});
