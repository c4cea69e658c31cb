import {
  EMBEDDED_KIND,
  kindsFor,
  needsModel,
  SERVER_KIND,
  withEmbeddedLast,
  type AssistantSettingsView,
  type DetectedServer,
  type ProviderEntryView,
  type ProviderKind,
  type ProviderKindInfo,
  type Stage,
} from '@parley/shared';
import type { DraftEntry } from './draft-entry.ts';
import { withHeldKeys } from './entry-key.ts';
import { entryIdFor, FIRST_SERVER_ID } from './entry-names.ts';
import { kindInfo } from './provider-kinds.ts';

export type { DraftEntry } from './draft-entry.ts';

/** Most entries a chain can have (the wire's limit). */
export const MAX_CHAIN = 4;

export interface SettingsDraft {
  chains: Record<Stage, DraftEntry[]>;
  /** The kinds the relay offers, in its order (from the view). */
  kinds: readonly ProviderKindInfo[];
  nextKey: number;
}

export type EntryField = 'baseUrl' | 'model' | 'apiKey';

export type DraftAction =
  | { type: 'load'; view: AssistantSettingsView }
  /** The relay's answer to a save: loaded, each entry keeping the key typed for it. */
  | { type: 'saved'; view: AssistantSettingsView }
  | { type: 'add'; stage: Stage }
  | { type: 'remove'; stage: Stage; index: number }
  | { type: 'move'; stage: Stage; index: number; by: -1 | 1 }
  | { type: 'kind'; stage: Stage; index: number; kind: ProviderKind }
  | { type: 'edit'; stage: Stage; index: number; field: EntryField; value: string }
  | { type: 'remove-key'; stage: Stage; index: number; remove: boolean }
  | { type: 'models'; stage: Stage; index: number; models: string[] }
  | { type: 'use-detected'; server: DetectedServer; model: string };

export const emptyDraft: SettingsDraft = {
  chains: { asr: [], llm: [], tts: [] },
  kinds: [],
  nextKey: 0,
};

function fromView(
  kinds: readonly ProviderKindInfo[],
  view: ProviderEntryView,
  key: number,
): DraftEntry {
  return {
    key,
    id: view.id,
    kind: view.kind,
    info: kindInfo(kinds, view.kind),
    baseUrl: view.baseUrl ?? '',
    model: view.model ?? '',
    apiKey: '',
    heldKey: '',
    removeKey: false,
    keySet: view.keySet,
    keyHint: view.keyHint ?? null,
    models: null,
    saved: view,
  };
}

function fresh(info: ProviderKindInfo, id: string, key: number): DraftEntry {
  return {
    key,
    id,
    kind: info.kind,
    info,
    baseUrl: '',
    model: '',
    apiKey: '',
    heldKey: '',
    removeKey: false,
    keySet: false,
    keyHint: null,
    models: null,
    saved: null,
  };
}

/** A name no other entry of the chain has: the kind's own, else with a number ("openai-2"). */
export function uniqueId(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

const idsBut = (chain: readonly DraftEntry[], index: number) =>
  chain.filter((_, i) => i !== index).map((e) => e.id);

function withChain(draft: SettingsDraft, stage: Stage, chain: DraftEntry[]): SettingsDraft {
  return { ...draft, chains: { ...draft.chains, [stage]: chain } };
}

/** A new entry's name: its kind's, but a server's is named for where it is (see entry-names). */
const baseIdOf = (kind: ProviderKind) => (kind === SERVER_KIND ? FIRST_SERVER_ID : kind);

function changeKind(
  kinds: readonly ProviderKindInfo[],
  entry: DraftEntry,
  otherIds: string[],
  info: ProviderKindInfo,
): DraftEntry {
  if (entry.kind === info.kind) return entry;
  // Back to what the relay has: its key and model come back with it.
  if (entry.saved?.kind === info.kind) return fromView(kinds, entry.saved, entry.key);
  const id = uniqueId(baseIdOf(info.kind), otherIds);
  return { ...fresh(info, id, entry.key), saved: entry.saved };
}

/**
 * Whether the entry at `index` may move by `by`: within the chain, and never an embedded entry
 * ahead of a real one, nor a real one behind an embedded one (see `withEmbeddedLast`: the
 * embedded providers never fail, so a provider behind one would never be asked).
 */
export function canMove(chain: readonly DraftEntry[], index: number, by: -1 | 1): boolean {
  const moved = chain[index];
  const other = chain[index + by];
  if (!moved || !other) return false;
  return (moved.kind === EMBEDDED_KIND) === (other.kind === EMBEDDED_KIND);
}

/**
 * An address typed for a server names it ("ollama", "local-server"), uniquely. (A saved key stays
 * with its entry only at the address it was given for, so a new name loses none.)
 */
function withAddress(entry: DraftEntry, otherIds: string[], baseUrl: string): DraftEntry {
  if (entry.kind !== SERVER_KIND) return { ...entry, baseUrl, models: null };
  // Back at the saved address: the saved name, with which its key goes.
  const saved = entry.saved?.kind === entry.kind && entry.saved.baseUrl === baseUrl;
  const id = saved && entry.saved ? entry.saved.id : uniqueId(entryIdFor(baseUrl), otherIds);
  // Another server has other models.
  return { ...entry, baseUrl, id, models: null };
}

/** A model list loaded: the entry takes the first when it has none and must have one. */
function withModels(entry: DraftEntry, stage: Stage, models: string[]): DraftEntry {
  const pick = entry.model === '' && needsModel(entry.info, stage) ? models[0] : undefined;
  return { ...entry, models, ...(pick === undefined ? {} : { model: pick }) };
}

/** The detected server's entry first in the chain; an embedded first entry stays as its fallback. */
function withDetected(draft: SettingsDraft, server: DetectedServer, model: string): SettingsDraft {
  const chain = draft.chains.llm;
  const first = chain[0];
  const rest = chain.slice(1);
  const keepFallback =
    first?.kind === EMBEDDED_KIND &&
    !rest.some((e) => e.kind === EMBEDDED_KIND) &&
    chain.length < MAX_CHAIN;
  const others = keepFallback ? [first, ...rest] : rest;
  const entry: DraftEntry = {
    ...fresh(
      kindInfo(draft.kinds, SERVER_KIND),
      uniqueId(
        server.server,
        others.map((e) => e.id),
      ),
      draft.nextKey,
    ),
    baseUrl: server.baseUrl,
    model,
    models: server.models,
  };
  return { ...withChain(draft, 'llm', [entry, ...others]), nextKey: draft.nextKey + 1 };
}

/** Editing the three chains: a pure reducer (React's `useReducer`). */
export function draftReducer(draft: SettingsDraft, action: DraftAction): SettingsDraft {
  if (action.type === 'load' || action.type === 'saved') {
    let key = draft.nextKey;
    const { kinds } = action.view;
    const load = (stage: Stage) => {
      const loaded = action.view.chains[stage].map((v) => fromView(kinds, v, key++));
      return action.type === 'saved' ? withHeldKeys(draft.chains[stage], loaded) : loaded;
    };
    const chains = { asr: load('asr'), llm: load('llm'), tts: load('tts') };
    return { chains, kinds, nextKey: key };
  }
  if (action.type === 'use-detected') return withDetected(draft, action.server, action.model);
  const chain = draft.chains[action.stage];
  switch (action.type) {
    case 'add': {
      if (chain.length >= MAX_CHAIN) return draft;
      const kinds = kindsFor(draft.kinds, action.stage);
      const info =
        kinds.find((k) => !chain.some((e) => e.kind === k.kind)) ??
        kindInfo(draft.kinds, SERVER_KIND);
      const entry = fresh(
        info,
        uniqueId(
          baseIdOf(info.kind),
          chain.map((e) => e.id),
        ),
        draft.nextKey,
      );
      // A real provider goes after the real ones, ahead of the embedded last resort.
      const next = withEmbeddedLast([...chain, entry]);
      return { ...withChain(draft, action.stage, next), nextKey: draft.nextKey + 1 };
    }
    case 'remove':
      // A stage always has one provider.
      if (chain.length <= 1) return draft;
      return withChain(
        draft,
        action.stage,
        chain.filter((_, i) => i !== action.index),
      );
    case 'move': {
      const to = action.index + action.by;
      const moved = chain[action.index];
      const other = chain[to];
      if (!moved || !other || !canMove(chain, action.index, action.by)) return draft;
      const next = [...chain];
      next[to] = moved;
      next[action.index] = other;
      return withChain(draft, action.stage, next);
    }
    case 'kind': {
      const info = kindsFor(draft.kinds, action.stage).find((k) => k.kind === action.kind);
      if (!info) return draft;
      const others = idsBut(chain, action.index);
      const changed = editEntry(draft, action.stage, action.index, (e) =>
        changeKind(draft.kinds, e, others, info),
      );
      // An entry made embedded goes last; one made real stays where it is (among the real).
      return withChain(changed, action.stage, withEmbeddedLast(changed.chains[action.stage]));
    }
    case 'edit': {
      if (action.field === 'baseUrl') {
        const others = idsBut(chain, action.index);
        return editEntry(draft, action.stage, action.index, (e) =>
          withAddress(e, others, action.value),
        );
      }
      return editEntry(draft, action.stage, action.index, (e) => ({
        ...e,
        [action.field]: action.value,
        // A new key replaces the stored one; typing one undoes "remove key".
        ...(action.field === 'apiKey' && action.value !== '' ? { removeKey: false } : {}),
      }));
    }
    case 'remove-key':
      return editEntry(draft, action.stage, action.index, (e) => ({
        ...e,
        removeKey: action.remove,
        apiKey: action.remove ? '' : e.apiKey,
        heldKey: action.remove ? '' : e.heldKey,
      }));
    case 'models':
      return editEntry(draft, action.stage, action.index, (e) =>
        withModels(e, action.stage, action.models),
      );
  }
}

function editEntry(
  draft: SettingsDraft,
  stage: Stage,
  index: number,
  edit: (entry: DraftEntry) => DraftEntry,
): SettingsDraft {
  const chain = draft.chains[stage];
  const entry = chain[index];
  if (!entry) return draft;
  return withChain(
    draft,
    stage,
    chain.map((e, i) => (i === index ? edit(entry) : e)),
  );
}
