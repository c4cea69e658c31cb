import { describe, expect, it } from 'vitest';
import type { AssistantSettingsView, ProviderEntryView } from '@parley/shared';
import { draftReducer, emptyDraft, type DraftAction, type SettingsDraft } from './chain-draft.ts';
import { hasKey, keyInput, savedKeyStaysBehind } from './entry-key.ts';
import { RELAY_KINDS } from './relay-kinds.test-kit.ts';
import { intlFor } from '../i18n/intl.ts';
import { keyStateText as keyStateIn } from './settings-text.ts';

const keyStateText = keyStateIn.bind(null, intlFor('en'));

const WRONG = 'http://127.0.0.1:11435/v1';
const RIGHT = 'http://127.0.0.1:11434/v1';
const KEY = 'sk-typed-0123456789';

const server = (baseUrl: string, keySet: boolean): ProviderEntryView => ({
  id: 'local-server',
  kind: 'openai-compatible',
  baseUrl,
  model: 'llama3',
  keySet,
  ...(keySet ? { keyHint: '…6789' } : {}),
});
const embedded: ProviderEntryView = { id: 'embedded', kind: 'embedded', keySet: false };
const view = (llm: ProviderEntryView[]): AssistantSettingsView => ({
  chains: { asr: [embedded], llm: [...llm, embedded], tts: [embedded] },
  kinds: RELAY_KINDS,
  source: { asr: 'default', llm: 'saved', tts: 'default' },
  updatedAt: null,
});
const run = (actions: DraftAction[], from: SettingsDraft = emptyDraft) =>
  actions.reduce(draftReducer, from);
const first = (d: SettingsDraft) => {
  const e = d.chains.llm[0];
  if (!e) throw new Error('no entry');
  return e;
};
const at = { stage: 'llm', index: 0 } as const;
const edit = (field: 'baseUrl' | 'apiKey', value: string): DraftAction => ({
  type: 'edit',
  ...at,
  field,
  value,
});

describe('a key typed for an entry', () => {
  /** Typed and saved at the wrong address, as the relay answers the save. */
  const saved = run([
    { type: 'load', view: view([server(WRONG, false)]) },
    edit('apiKey', KEY),
    { type: 'saved', view: view([server(WRONG, true)]) },
  ]);

  it('is held after the save, and sent only once the address moves from where it was saved', () => {
    expect(first(saved)).toMatchObject({ apiKey: '', heldKey: KEY, keySet: true });
    // Where it was saved, the relay has it: nothing to send.
    expect(keyInput(first(saved))).toEqual({});
    const moved = run([edit('baseUrl', RIGHT)], saved);
    expect(savedKeyStaysBehind(first(moved))).toBe(true);
    expect(keyInput(first(moved))).toEqual({ apiKey: KEY });
    expect(hasKey(first(moved))).toBe(true);
    expect(keyStateText(first(moved))).toBe(
      'Key set …6789, typed here: Test uses it at this address, Save keeps it.',
    );
    // Back where it was saved: the relay's again.
    expect(keyInput(first(run([edit('baseUrl', WRONG)], moved)))).toEqual({});
  });

  it('goes when the key is removed, and is not held by an entry saved without one', () => {
    const removed = run([{ type: 'remove-key', ...at, remove: true }], saved);
    expect(first(removed).heldKey).toBe('');
    expect(keyInput(first(removed))).toEqual({ apiKey: null });
    const untouched = run([{ type: 'saved', view: view([server(WRONG, true)]) }], saved);
    expect(first(untouched).heldKey).toBe(KEY);
    const another = run([{ type: 'saved', view: view([server(WRONG, false)]) }], saved);
    expect(first(another).heldKey).toBe('');
  });

  it('is not held from an earlier visit: a moved address says the saved key stays behind', () => {
    const later = run([
      { type: 'load', view: view([server(WRONG, true)]) },
      edit('baseUrl', RIGHT),
    ]);
    expect(keyInput(first(later))).toEqual({});
    expect(hasKey(first(later))).toBe(false);
    expect(keyStateText(first(later))).toBe(
      `The saved key …6789 stays with ${WRONG}: type it again to use it at this address.`,
    );
    const typed = run([edit('apiKey', 'sk-again')], later);
    expect(keyInput(first(typed))).toEqual({ apiKey: 'sk-again' });
  });
});
