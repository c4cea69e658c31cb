import { describe, expect, it } from 'vitest';
import type { AssistantSettingsView, ProviderEntryView } from '@parley/shared';
import {
  canMove,
  draftReducer,
  emptyDraft,
  uniqueId,
  type DraftAction,
  type SettingsDraft,
} from './chain-draft.ts';
import { RELAY_KINDS } from './relay-kinds.test-kit.ts';

const embedded = (id = 'embedded'): ProviderEntryView => ({ id, kind: 'embedded', keySet: false });
const openai: ProviderEntryView = {
  id: 'openai',
  kind: 'openai',
  model: 'gpt-4o-mini',
  keySet: true,
  keyHint: '…a1b2',
};

const view = (llm: ProviderEntryView[] = [embedded()]): AssistantSettingsView => ({
  chains: { asr: [embedded()], llm, tts: [embedded()] },
  kinds: RELAY_KINDS,
  source: { asr: 'default', llm: 'default', tts: 'default' },
  updatedAt: null,
});

const run = (actions: DraftAction[], from: SettingsDraft = emptyDraft) =>
  actions.reduce(draftReducer, from);
const ids = (d: SettingsDraft, stage: 'asr' | 'llm' | 'tts' = 'llm') =>
  d.chains[stage].map((e) => e.id);

describe('draftReducer', () => {
  it('loads the relay’s chains, keys masked, each entry with its own React key', () => {
    const d = run([{ type: 'load', view: view([openai, embedded()]) }]);
    expect(ids(d)).toEqual(['openai', 'embedded']);
    expect(d.chains.llm[0]).toMatchObject({ keySet: true, keyHint: '…a1b2', apiKey: '' });
    const keys = [...d.chains.asr, ...d.chains.llm, ...d.chains.tts].map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('adds a kind the chain lacks, named uniquely, up to four entries, ahead of the embedded', () => {
    let d = run([{ type: 'load', view: view() }]);
    d = run(
      [
        { type: 'add', stage: 'llm' },
        { type: 'add', stage: 'llm' },
      ],
      d,
    );
    // The offline responder never fails: a model behind it would never be asked.
    expect(d.chains.llm.map((e) => e.kind)).toEqual(['openai', 'anthropic', 'embedded']);
    d = run(
      [
        { type: 'add', stage: 'llm' },
        { type: 'add', stage: 'llm' },
      ],
      d,
    );
    expect(d.chains.llm).toHaveLength(4);
    expect(uniqueId('openai', ['openai', 'openai-2'])).toBe('openai-3');
  });

  it('adds to a stage only the kinds that serve it', () => {
    let d = run([{ type: 'load', view: view() }]);
    d = run(
      [
        { type: 'add', stage: 'tts' },
        { type: 'add', stage: 'tts' },
      ],
      d,
    );
    expect(d.chains.tts.map((e) => e.kind)).toEqual(['openai', 'elevenlabs', 'embedded']);
    const refused = run([{ type: 'kind', stage: 'tts', index: 0, kind: 'anthropic' }], d);
    expect(refused).toBe(d);
  });

  it('moves entries up and down, and not past either end', () => {
    const groq: ProviderEntryView = { id: 'groq', kind: 'groq', keySet: true };
    const d = run([{ type: 'load', view: view([openai, groq, embedded()]) }]);
    const down = run([{ type: 'move', stage: 'llm', index: 0, by: 1 }], d);
    expect(ids(down)).toEqual(['groq', 'openai', 'embedded']);
    expect(down.chains.llm[1]?.key).toBe(d.chains.llm[0]?.key);
    expect(run([{ type: 'move', stage: 'llm', index: 2, by: 1 }], d)).toBe(d);
    expect(run([{ type: 'move', stage: 'llm', index: 0, by: -1 }], d)).toBe(d);
  });

  it('never moves the embedded last resort ahead of a real provider', () => {
    const d = run([{ type: 'load', view: view([openai, embedded()]) }]);
    expect(canMove(d.chains.llm, 1, -1)).toBe(false);
    expect(canMove(d.chains.llm, 0, 1)).toBe(false);
    expect(run([{ type: 'move', stage: 'llm', index: 1, by: -1 }], d)).toBe(d);
    expect(run([{ type: 'move', stage: 'llm', index: 0, by: 1 }], d)).toBe(d);
    // Made embedded, an entry goes last.
    const groq: ProviderEntryView = { id: 'groq', kind: 'groq', keySet: true };
    const two = run([{ type: 'load', view: view([openai, groq, embedded()]) }]);
    const made = run([{ type: 'kind', stage: 'llm', index: 0, kind: 'embedded' }], two);
    expect(made.chains.llm.map((e) => e.kind)).toEqual(['groq', 'embedded', 'embedded']);
  });

  it('removes an entry but never a stage’s last one', () => {
    const d = run([{ type: 'load', view: view([openai, embedded()]) }]);
    const one = run([{ type: 'remove', stage: 'llm', index: 0 }], d);
    expect(ids(one)).toEqual(['embedded']);
    expect(run([{ type: 'remove', stage: 'llm', index: 0 }], one)).toBe(one);
  });

  it('a new kind starts blank under its own name; the saved kind comes back with its key', () => {
    const d = run([{ type: 'load', view: view([openai]) }]);
    const groq = run([{ type: 'kind', stage: 'llm', index: 0, kind: 'groq' }], d);
    expect(groq.chains.llm[0]).toMatchObject({
      id: 'groq',
      keySet: false,
      model: '',
      keyHint: null,
    });
    const back = run([{ type: 'kind', stage: 'llm', index: 0, kind: 'openai' }], groq);
    expect(back.chains.llm[0]).toMatchObject({ id: 'openai', keySet: true, model: 'gpt-4o-mini' });
  });

  it('typing a key undoes "remove key"; removing clears what was typed', () => {
    const d = run([{ type: 'load', view: view([openai]) }]);
    const removed = run(
      [
        { type: 'edit', stage: 'llm', index: 0, field: 'apiKey', value: 'sk-new' },
        { type: 'remove-key', stage: 'llm', index: 0, remove: true },
      ],
      d,
    );
    expect(removed.chains.llm[0]).toMatchObject({ removeKey: true, apiKey: '' });
    const typed = run(
      [{ type: 'edit', stage: 'llm', index: 0, field: 'apiKey', value: 'k' }],
      removed,
    );
    expect(typed.chains.llm[0]).toMatchObject({ removeKey: false, apiKey: 'k' });
  });

  it('a new server is named for its address, and takes the first model listed', () => {
    const d = run([
      { type: 'load', view: view() },
      { type: 'add', stage: 'llm' },
      { type: 'kind', stage: 'llm', index: 0, kind: 'openai-compatible' },
    ]);
    expect(ids(d)).toEqual(['server', 'embedded']);
    const named = run(
      [
        { type: 'edit', stage: 'llm', index: 0, field: 'baseUrl', value: 'localhost:11434' },
        { type: 'models', stage: 'llm', index: 0, models: ['llama3.2', 'qwen'] },
      ],
      d,
    );
    expect(named.chains.llm[0]).toMatchObject({ id: 'ollama', model: 'llama3.2' });
    // A model chosen stays chosen; a kind with a default keeps it.
    const chosen = run(
      [
        { type: 'edit', stage: 'llm', index: 0, field: 'model', value: 'qwen' },
        { type: 'models', stage: 'llm', index: 0, models: ['llama3.2', 'qwen'] },
      ],
      named,
    );
    expect(chosen.chains.llm[0]?.model).toBe('qwen');
    const hosted = run([
      { type: 'load', view: view([openai]) },
      { type: 'edit', stage: 'llm', index: 0, field: 'model', value: '' },
      { type: 'models', stage: 'llm', index: 0, models: ['gpt-4o', 'gpt-4o-mini'] },
    ]);
    expect(hosted.chains.llm[0]?.model).toBe('');
  });

  it('a new server address forgets the models loaded from the old one', () => {
    const d = run([
      { type: 'load', view: view() },
      { type: 'kind', stage: 'llm', index: 0, kind: 'openai-compatible' },
      { type: 'models', stage: 'llm', index: 0, models: ['a', 'b'] },
    ]);
    expect(d.chains.llm[0]?.models).toEqual(['a', 'b']);
    const moved = run(
      [{ type: 'edit', stage: 'llm', index: 0, field: 'baseUrl', value: 'http://x' }],
      d,
    );
    expect(moved.chains.llm[0]?.models).toBeNull();
  });

  it('"Use" a detected server puts it first, the offline responder kept behind it', () => {
    const server = {
      server: 'ollama',
      baseUrl: 'http://127.0.0.1:11434/v1',
      models: ['llama3.2', 'qwen'],
    } as const;
    const d = run([
      { type: 'load', view: view() },
      { type: 'use-detected', server: { ...server, models: [...server.models] }, model: 'qwen' },
    ]);
    expect(ids(d)).toEqual(['ollama', 'embedded']);
    expect(d.chains.llm[0]).toMatchObject({
      kind: 'openai-compatible',
      baseUrl: server.baseUrl,
      model: 'qwen',
      models: ['llama3.2', 'qwen'],
      keySet: false,
    });
    // Used again: the first entry is replaced, not stacked.
    const again = run(
      [
        {
          type: 'use-detected',
          server: { ...server, models: [...server.models] },
          model: 'llama3.2',
        },
      ],
      d,
    );
    expect(ids(again)).toEqual(['ollama', 'embedded']);
    expect(again.chains.llm[0]?.model).toBe('llama3.2');
  });

  it('"Use" replaces a hosted first entry', () => {
    const d = run([
      { type: 'load', view: view([openai]) },
      {
        type: 'use-detected',
        server: { server: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1', models: ['m'] },
        model: 'm',
      },
    ]);
    expect(ids(d)).toEqual(['vllm']);
  });
});
