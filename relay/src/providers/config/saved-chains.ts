/**
 * Chains saved from the app as {@link ProviderSpec}s: each entry is read by its kind
 * as the environment's would be (`groq`: Groq's address and models; `openai-compatible`: any
 * server at `baseUrl`), validated by the same rules.
 */
import { STAGE_LABELS, type ProviderKind } from '@parley/shared';
import type { SpecFields } from '../kinds/spec-fields.ts';
import { settingsKinds, specOf } from '../provider-kinds.ts';
import type { ProviderPlan, ProviderSpec, Stage } from './provider-plan.ts';

/** A chain entry as the relay uses it: the key in the clear (never stored or sent so). */
export interface SavedEntry {
  id: string;
  kind: ProviderKind;
  baseUrl?: string | undefined;
  model?: string | undefined;
  apiKey?: string | undefined;
}

export type SavedChains = Record<Stage, SavedEntry[]>;

/** What a field is called in an error about a saved entry. */
function fieldName(key: string): string {
  if (key === 'API_KEY') return 'API key';
  if (key === 'BASE_URL') return 'server address';
  if (key.endsWith('MODEL')) return 'model';
  return key.toLowerCase().replace(/_/g, ' ');
}

/**
 * The specs of one stage's saved chain, and the problems that stop it being used, each in the
 * words of the settings screen, where they are shown ("Language model, provider 1 (OpenAI): its
 * API key is missing"): the entry's place and kind, not its internal name. An entry given no
 * address is reached where `kindAddresses` (the environment) says its kind is, if it says.
 */
export function specsOfSaved(
  stage: Stage,
  entries: readonly SavedEntry[],
  kindAddresses: ProviderPlan['kindAddresses'] = {},
): { specs: ProviderSpec[]; problems: string[] } {
  const problems: string[] = [];
  const chain = STAGE_LABELS[stage];
  if (entries.length === 0)
    problems.push(`${chain}: the chain is empty: name at least one provider`);
  if (new Set(entries.map((e) => e.id)).size !== entries.length)
    problems.push(`${chain}: the chain names a provider twice`);
  const specs = entries.flatMap((entry, index) => {
    const kind = settingsKinds().find((k) => k.info.kind === entry.kind);
    const who = `${chain}, provider ${index + 1} (${kind?.info.label ?? entry.kind})`;
    const problem = (p: string) => problems.push(`${who}: ${p}`);
    if (!kind) {
      problem('the relay has no provider of this kind');
      return [];
    }
    const fields: SpecFields = {
      get: (key) => {
        if (key === 'API_KEY') return entry.apiKey;
        if (key === 'BASE_URL')
          return entry.baseUrl === undefined
            ? kindAddresses[kind.info.kind]
            : (kind.savedAddress?.(entry.baseUrl) ?? entry.baseUrl);
        if (key === 'MODEL' || key === `${stage.toUpperCase()}_MODEL`) return entry.model;
        return undefined;
      },
      label: (key) => `its ${fieldName(key)}`,
    };
    const spec = specOf(stage, kind, entry.id, fields, problem);
    return spec ? [spec] : [];
  });
  return { specs, problems };
}

/** The problems of saved chains, every stage's, or none. */
export function problemsOfSaved(
  chains: SavedChains,
  kindAddresses: ProviderPlan['kindAddresses'] = {},
): string[] {
  return (['asr', 'llm', 'tts'] as const).flatMap(
    (s) => specsOfSaved(s, chains[s], kindAddresses).problems,
  );
}

/**
 * `base` (the plan the environment gives) with the stages in `chains` replaced; stages whose
 * chain has a problem keep `base`'s (the problems are returned, for the log).
 */
export function planWithSaved(
  base: ProviderPlan,
  chains: Partial<SavedChains>,
): { plan: ProviderPlan; problems: string[] } {
  const plan = { ...base };
  const problems: string[] = [];
  for (const stage of ['asr', 'llm', 'tts'] as const) {
    const entries = chains[stage];
    if (!entries) continue;
    const saved = specsOfSaved(stage, entries, base.kindAddresses);
    if (saved.problems.length === 0) plan[stage] = saved.specs;
    else problems.push(...saved.problems);
  }
  return { plan, problems };
}
