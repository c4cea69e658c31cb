/**
 * Every kind of provider the relay knows, one line each, in the order the settings list them.
 * The environment's chains (`*_PROVIDERS`), saved chains, the settings' kinds (sent in their
 * view, `GET /api/admin/settings`), model lists and the adapters all read this list: a new
 * vendor is a folder under `vendors/` and a line here.
 */
import type { ProviderKindInfo, Stage } from '@parley/shared';
import type { ProviderSpec } from './config/provider-plan.ts';
import { EMBEDDED_KIND_DEF } from './embedded/embedded-kind.ts';
import type { AdapterFamily, ProviderKindDef } from './kinds/provider-kind.ts';
import { fieldReader, type SpecFields } from './kinds/spec-fields.ts';
import { ANTHROPIC_KIND } from './vendors/anthropic/anthropic-kind.ts';
import { DEEPGRAM_KIND } from './vendors/deepgram/deepgram-kind.ts';
import { ELEVENLABS_KIND } from './vendors/elevenlabs/elevenlabs-kind.ts';
import { GROQ_KIND } from './vendors/groq/groq.ts';
import { LLAMA_CPP_KIND } from './vendors/llama-cpp/llama-cpp-kind.ts';
import { LMSTUDIO_KIND } from './vendors/lmstudio/lmstudio.ts';
import { OLLAMA_KIND } from './vendors/ollama/ollama.ts';
import { OPENAI_KIND, SERVER_KIND_DEF } from './vendors/openai/openai-kinds.ts';
import { OPENROUTER_KIND } from './vendors/openrouter/openrouter.ts';
import { TOGETHER_KIND } from './vendors/together/together.ts';

export const PROVIDER_KINDS: readonly ProviderKindDef[] = [
  EMBEDDED_KIND_DEF,
  OPENAI_KIND,
  ANTHROPIC_KIND,
  GROQ_KIND,
  OPENROUTER_KIND,
  TOGETHER_KIND,
  DEEPGRAM_KIND,
  ELEVENLABS_KIND,
  SERVER_KIND_DEF,
  LLAMA_CPP_KIND,
  OLLAMA_KIND,
  LMSTUDIO_KIND,
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
  return kindNamed(name) ?? SERVER_KIND_DEF;
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
