/**
 * Every kind of provider the relay knows, one line each, in the order the settings list them.
 * The environment's chains (`*_PROVIDERS`), saved chains, the settings' kinds (sent in their
 * view, `GET /api/admin/settings`), model lists and the adapters all read this list: a new
 * vendor is a folder under `vendors/` and a line here.
 */
import { SERVER_KIND, STAGES, type ProviderKindInfo, type Stage } from '@parley/shared';
import type { ProviderSpec } from './config/provider-plan.ts';
import type { Engine, EngineDef } from './kinds/engine.ts';
import type { AdapterFamily, ProviderKindDef } from './kinds/provider-kind.ts';
import { fieldReader, type SpecFields } from './kinds/spec-fields.ts';

// Each line loads one kind from its folder: a vendor is added with its line alone.
export const PROVIDER_KINDS: readonly ProviderKindDef[] = [
  (await import('./embedded/embedded-kind.ts')).EMBEDDED_KIND_DEF,
  (await import('./embedded/moonshine/moonshine-kind.ts')).MOONSHINE_KIND,
  (await import('./embedded/espeak/espeak-kind.ts')).ESPEAK_KIND,
  (await import('./embedded/pocketsphinx/pocketsphinx-kind.ts')).POCKETSPHINX_NAME,
  (await import('./vendors/openai/openai-kinds.ts')).OPENAI_KIND,
  (await import('./vendors/anthropic/anthropic-kind.ts')).ANTHROPIC_KIND,
  (await import('./vendors/groq/groq.ts')).GROQ_KIND,
  (await import('./vendors/openrouter/openrouter.ts')).OPENROUTER_KIND,
  (await import('./vendors/together/together.ts')).TOGETHER_KIND,
  (await import('./vendors/deepgram/deepgram-kind.ts')).DEEPGRAM_KIND,
  (await import('./vendors/elevenlabs/elevenlabs-kind.ts')).ELEVENLABS_KIND,
  (await import('./vendors/cartesia/cartesia-kind.ts')).CARTESIA_KIND,
  (await import('./vendors/openai/openai-kinds.ts')).SERVER_KIND_DEF,
  (await import('./vendors/llama-cpp/llama-cpp-kind.ts')).LLAMA_CPP_KIND,
  (await import('./vendors/ollama/ollama.ts')).OLLAMA_KIND,
  (await import('./vendors/lmstudio/lmstudio.ts')).LMSTUDIO_KIND,
];

/** The kind named `kind`, if the relay has one. */
export const kindNamed = (kind: string): ProviderKindDef | undefined =>
  PROVIDER_KINDS.find((k) => k.info.kind === kind);

/** The kinds the settings offer, in their order. */
export const settingsKinds = (): ProviderKindDef[] => PROVIDER_KINDS.filter((k) => k.inSettings);

/** What the settings are told of the kinds they offer. */
export const settingsKindInfos = (): ProviderKindInfo[] => settingsKinds().map((k) => k.info);

/**
 * The kind a name in `*_PROVIDERS` stands for: its own (`openai`, `deepgram`, `llama-cpp`), else
 * an OpenAI-compatible server of that name (`VLLM_BASE_URL`…).
 */
export function kindOfName(name: string): ProviderKindDef {
  const kind = kindNamed(name) ?? kindNamed(SERVER_KIND);
  if (!kind) throw new Error(`no provider kind "${name}", nor one for OpenAI-compatible servers`);
  return kind;
}

/** The adapters of `spec` (its `kind` is their family's id). */
export function familyOf(spec: Pick<ProviderSpec, 'kind' | 'name'>): AdapterFamily {
  const family = PROVIDER_KINDS.find((k) => k.family.id === spec.kind)?.family;
  if (!family) throw new Error(`${spec.name}: no adapters of kind ${spec.kind}`);
  return family;
}

/**
 * The spec of provider `name` of `kind` for `stage`, or null (after telling `problem`) when it
 * cannot be built. Every missing or invalid field is told, not only the first.
 */
export function specOf(
  stage: Stage,
  kind: ProviderKindDef,
  name: string,
  fields: SpecFields,
  problem: (p: string) => void,
): ProviderSpec | null {
  const { stages } = kind.info;
  if (!stages.includes(stage)) {
    problem(`${name} cannot serve ${stage} (it serves ${stages.join(', ')})`);
    return null;
  }
  return kind.readSpec(stage, name, fieldReader(fields, problem));
}

/** Every engine the kinds run in the relay (`ProviderKindDef.inRelay`), once each. */
export function relayEngines(
  kinds: readonly ProviderKindDef[] = PROVIDER_KINDS,
): EngineDef<Engine>[] {
  return [...new Set(kinds.flatMap((k) => k.inRelay?.engines ?? []))];
}

/**
 * The ids (`ProviderInfo.id`) of the providers that cost nothing per use, by stage: those of the
 * kinds the relay runs itself and says are free.
 */
export function freeProviderIds(
  kinds: readonly ProviderKindDef[] = PROVIDER_KINDS,
): Record<Stage, string[]> {
  const free = { asr: new Set<string>(), llm: new Set<string>(), tts: new Set<string>() };
  for (const k of kinds)
    if (k.inRelay?.free)
      for (const s of STAGES) {
        const id = k.inRelay.providerIds[s];
        if (id !== undefined) free[s].add(id);
      }
  return { asr: [...free.asr], llm: [...free.llm], tts: [...free.tts] };
}

/** Whether the recogniser `providerId` (`ProviderInfo.id`) decodes on the relay's own cores. */
export function recognisesOnRelayCores(
  providerId: string,
  kinds: readonly ProviderKindDef[] = PROVIDER_KINDS,
): boolean {
  return kinds.some(
    (k) => k.inRelay?.onRelayCores === true && k.inRelay.providerIds.asr === providerId,
  );
}
