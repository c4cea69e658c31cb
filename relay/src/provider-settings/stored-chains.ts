/**
 * The saved chains as stored (API keys sealed) and as shown (keys masked). A key goes from the
 * client to the database sealed, and from the database to a provider opened; neither a view nor
 * a log ever holds one.
 */
import { z } from 'zod';
import {
  providerKind,
  withEmbeddedLast,
  type AssistantSettingsUpdate,
  type ProviderEntryView,
  type Stage,
} from '@parley/shared';
import { RelayError } from '../errors.ts';
import type { ProviderSpec } from '../providers/config/provider-plan.ts';
import type { SavedChains, SavedEntry } from '../providers/config/saved-chains.ts';
import { familyOf, settingsKinds } from '../providers/provider-kinds.ts';
import type { SecretBox } from '../secrets/secret-box.ts';

const storedEntry = z.object({
  id: z.string(),
  kind: providerKind,
  baseUrl: z.string().optional(),
  model: z.string().optional(),
  /** The API key, sealed (`SecretBox`). */
  key: z.string().optional(),
  /** Its last four characters, for the view. */
  keyHint: z.string().optional(),
});
export type StoredEntry = z.infer<typeof storedEntry>;

const storedChains = z.object({
  v: z.literal(1),
  chains: z.object({
    asr: z.array(storedEntry),
    llm: z.array(storedEntry),
    tts: z.array(storedEntry),
  }),
});
export type StoredChains = z.infer<typeof storedChains>['chains'];

/** A key's last four characters, for a key long enough that they give nothing away. */
const hintOf = (key: string) => (key.length >= 12 ? `…${key.slice(-4)}` : undefined);

/** What a sealed key is bound to: a key copied into another entry does not open. */
const contextOf = (stage: Stage, id: string) => `providers/${stage}/${id}`;

/**
 * Each chain with its embedded entries last ({@link withEmbeddedLast}): an entry that never fails
 * ahead of a real provider would keep it from ever being asked. Applied to what is saved and to
 * what an earlier relay saved, rather than refusing: the intent of a chain that names a real
 * provider is plain (use it), a refusal would block that save for an order the user cannot mean,
 * and chains already stored cannot be refused at all. The view then shows the order in use.
 */
function embeddedLast(chains: StoredChains): StoredChains {
  return {
    asr: withEmbeddedLast(chains.asr),
    llm: withEmbeddedLast(chains.llm),
    tts: withEmbeddedLast(chains.tts),
  };
}

/** Parses the stored JSON; null when it is not ours (the caller logs it). */
export function parseStored(json: string): StoredChains | null {
  try {
    const parsed = storedChains.safeParse(JSON.parse(json));
    return parsed.success ? embeddedLast(parsed.data.chains) : null;
  } catch {
    return null;
  }
}

export function serializeStored(chains: StoredChains): string {
  return JSON.stringify({ v: 1, chains });
}

/**
 * Whether an entry sent without a key keeps the one saved in `saved`: the same entry (stage and
 * id), of the same kind at the same address — a key is never sent to a server it was not given
 * for.
 */
export function keepsKeyOf(
  saved: { id: string; kind: string; baseUrl?: string | undefined },
  entry: { id: string; kind: string; baseUrl?: string | undefined },
): boolean {
  return saved.id === entry.id && saved.kind === entry.kind && saved.baseUrl === entry.baseUrl;
}

/**
 * The chains of `update` to store, embedded entries last (see {@link embeddedLast}): each key
 * sealed; an entry sent without `apiKey` keeps the key saved for it (see {@link keepsKeyOf}),
 * `apiKey: null` drops it. Without a box, a new key is refused (naming `SETTINGS_KEY`).
 */
export function sealUpdate(
  update: AssistantSettingsUpdate,
  previous: StoredChains | null,
  box: SecretBox | null,
): StoredChains {
  const sealStage = (stage: Stage): StoredEntry[] =>
    update.chains[stage].map((entry) => {
      const kept = previous?.[stage].find((p) => keepsKeyOf(p, entry));
      const out: StoredEntry = { id: entry.id, kind: entry.kind };
      if (entry.baseUrl !== undefined) out.baseUrl = entry.baseUrl;
      if (entry.model !== undefined) out.model = entry.model;
      if (typeof entry.apiKey === 'string') {
        if (!box) throw RelayError.settingsKeyMissing();
        out.key = box.seal(entry.apiKey, contextOf(stage, entry.id));
        const hint = hintOf(entry.apiKey);
        if (hint) out.keyHint = hint;
      } else if (entry.apiKey === undefined && kept?.key !== undefined) {
        out.key = kept.key;
        if (kept.keyHint !== undefined) out.keyHint = kept.keyHint;
      }
      return out;
    });
  return embeddedLast({ asr: sealStage('asr'), llm: sealStage('llm'), tts: sealStage('tts') });
}

/**
 * The chains with their keys opened. A key that does not open (no box, or another
 * `SETTINGS_KEY` sealed it) is left out and named in `unreadable`.
 */
export function openStored(
  stored: StoredChains,
  box: SecretBox | null,
): { chains: SavedChains; unreadable: string[] } {
  const unreadable: string[] = [];
  const openStage = (stage: Stage): SavedEntry[] =>
    stored[stage].map(({ id, kind, baseUrl, model, key }) => {
      const entry: SavedEntry = { id, kind, baseUrl, model };
      if (key !== undefined) {
        const opened = box?.open(key, contextOf(stage, id)) ?? null;
        if (opened === null) unreadable.push(`${stage}/${id}`);
        else entry.apiKey = opened;
      }
      return entry;
    });
  return {
    chains: { asr: openStage('asr'), llm: openStage('llm'), tts: openStage('tts') },
    unreadable,
  };
}

/** A stored entry as a client sees it: whether a key is set, and its hint. */
export function viewOfStored(entry: StoredEntry): ProviderEntryView {
  return {
    id: entry.id,
    kind: entry.kind,
    ...(entry.baseUrl === undefined ? {} : { baseUrl: entry.baseUrl }),
    ...(entry.model === undefined ? {} : { model: entry.model }),
    keySet: entry.key !== undefined,
    ...(entry.keyHint === undefined ? {} : { keyHint: entry.keyHint }),
  };
}

/**
 * A provider of the environment's chains as a client sees it: of the settings' kind named after
 * it (`groq`), else of the kind its adapters show as (`openai-compatible` for any other server;
 * llama.cpp in the relay's own process shows as `embedded`, with its model file's name).
 */
export function viewOfSpec(spec: ProviderSpec): ProviderEntryView {
  const key = spec.apiKey ? spec.apiKey : undefined;
  const hint = key === undefined ? undefined : hintOf(key);
  const family = familyOf(spec);
  const named = settingsKinds().find((k) => k.info.kind === spec.name && k.family === family);
  const { baseUrl, model } = family.view(spec);
  return {
    id: spec.name,
    kind: named?.info.kind ?? family.viewKind,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(model === undefined ? {} : { model }),
    keySet: key !== undefined,
    ...(hint === undefined ? {} : { keyHint: hint }),
  };
}
