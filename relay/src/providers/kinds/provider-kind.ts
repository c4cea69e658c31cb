import type { ProviderKindInfo, Stage } from '@parley/shared';
import type { z } from 'zod';
import type { ProviderSpec } from './provider-spec.ts';
import type { AsrProvider } from '../stages/asr.ts';
import type { LlmProvider } from '../stages/llm.ts';
import type { TtsProvider } from '../stages/tts.ts';
import type { Engine, EngineDef, EngineSource } from './engine.ts';
import type { FieldReader } from './spec-fields.ts';

/** Longest utterance kept for replay into a fallback ASR, and sent to batch ASR (2 min). */
export const MAX_UTTERANCE_SAMPLES = 16_000 * 120;

/** What an adapter is built with besides its spec: the relay's prompt, limits and engines. */
export interface BuildContext {
  systemPrompt: string;
  /** The longest reply (tokens); a user's reply length asks for fewer. */
  llmMaxTokens: number;
  engines: EngineSource;
}

/** What the settings show of a spec the environment gives: its address and model, if any. */
export interface SpecView {
  baseUrl?: string;
  model?: string;
}

/**
 * The adapters of one API (a vendor's, or OpenAI's that many servers speak) and what the relay
 * asks of them besides a turn, as a vendor folder declares them. `S` is the shape of its specs
 * (`spec.kind` is its `id`), checked before an adapter is built from a spec of the plan.
 */
export interface FamilyDef<S extends ProviderSpec> {
  /** `spec.kind` of its specs. */
  id: string;
  spec: z.ZodType<S>;
  asr?: (spec: S, ctx: BuildContext) => AsrProvider;
  llm?: (spec: S, ctx: BuildContext) => LlmProvider | Promise<LlmProvider>;
  tts?: (spec: S, ctx: BuildContext) => TtsProvider;
  /** The models it offers, from its own list (names only). Absent: none to choose. */
  models?: (spec: S, signal: AbortSignal) => Promise<string[]>;
  /** What the settings show of a spec. Absent: its `baseUrl` and `model`, where it has them. */
  view?: (spec: S) => SpecView;
  /** The kind a spec of it shows as when no kind of the settings is named after it; absent: `id`. */
  viewKind?: string;
  /** It speaks OpenAI's API, whose addresses usually end in `/v1` (said when one 404s). */
  openAiCompatible?: boolean;
}

/** A {@link FamilyDef} as the relay calls it, for any spec of the plan. */
export interface AdapterFamily {
  readonly id: string;
  readonly viewKind: string;
  readonly openAiCompatible: boolean;
  asr(spec: ProviderSpec, ctx: BuildContext): AsrProvider;
  llm(spec: ProviderSpec, ctx: BuildContext): Promise<LlmProvider>;
  tts(spec: ProviderSpec, ctx: BuildContext): TtsProvider;
  models(spec: ProviderSpec, signal: AbortSignal): Promise<string[]>;
  view(spec: ProviderSpec): SpecView;
}

/** The family `def` declares, its spec checked on every call (a plan's spec is plain data). */
export function defineFamily<S extends ProviderSpec>(def: FamilyDef<S>): AdapterFamily {
  const own = (spec: ProviderSpec): S => {
    const parsed = def.spec.safeParse(spec);
    if (!parsed.success)
      throw new Error(`${spec.name} is not a ${def.id} provider: ${parsed.error.message}`);
    return parsed.data;
  };
  const serving = <F>(stage: Stage, make: F | undefined): F => {
    if (make === undefined) throw new Error(`${def.id} providers cannot serve ${stage}`);
    return make;
  };
  return {
    id: def.id,
    viewKind: def.viewKind ?? def.id,
    openAiCompatible: def.openAiCompatible === true,
    asr: (spec, ctx) => serving('asr', def.asr)(own(spec), ctx),
    llm: async (spec, ctx) => serving('llm', def.llm)(own(spec), ctx),
    tts: (spec, ctx) => serving('tts', def.tts)(own(spec), ctx),
    models: async (spec, signal) => (def.models ? def.models(own(spec), signal) : []),
    view: (spec) => {
      if (def.view) return def.view(own(spec));
      const { baseUrl, model } = spec;
      return {
        ...(baseUrl === undefined ? {} : { baseUrl }),
        ...(model === undefined ? {} : { model }),
      };
    },
  };
}

/**
 * What the settings show of a hosted vendor's kind: it serves `stage` with `defaultModel` unless
 * another is chosen, and needs a key; its address is its own (the environment may name another).
 */
export function hostedInfo(
  kind: string,
  label: string,
  stage: Stage,
  defaultModel: string,
): ProviderKindInfo {
  return {
    kind,
    label,
    stages: [stage],
    defaultModels: { [stage]: defaultModel },
    key: 'required',
    address: false,
    models: true,
  };
}

/**
 * One kind of provider: what the settings show of it, how its settings are read (from the
 * environment's `<NAME>_*` variables or a saved entry, by the same rules), and the adapters that
 * serve it. Every kind is one line of the relay's list (`providers/provider-kinds.ts`).
 */
export interface ProviderKindDef {
  /** What the wire and the settings say of it; `info.stages` are the only ones it serves. */
  readonly info: ProviderKindInfo;
  /** Offered in the settings; false: named in `*_PROVIDERS` only (llama.cpp, Ollama). */
  readonly inSettings: boolean;
  /** Its adapters (the kinds of one API share them: every OpenAI-compatible one). */
  readonly family: AdapterFamily;
  /**
   * The spec of provider `name` for `stage` (one it serves), read from `fields`; null, or a spec
   * with blanks, when a problem was told (each one is).
   */
  readSpec(stage: Stage, name: string, fields: FieldReader): ProviderSpec | null;
  /** A saved entry's address (the settings give an http(s) one) as its adapter calls it. */
  savedAddress?(url: string): string;
  /** Set for a kind the relay runs itself (an embedded engine); absent: a service it calls. */
  readonly inRelay?: InRelay;
}

/**
 * What a kind the relay runs itself is to the relay, said by the kind: pricing and the
 * recognition limits read it here (`provider-kinds.ts`), not from lists of their own.
 */
export interface InRelay {
  /**
   * The engines its adapters ask for (`ctx.engines.engine(ENGINE)`): each one's settings are
   * read with the plan.
   */
  readonly engines: readonly EngineDef<Engine>[];
  /** The ids its providers serve as (`ProviderInfo.id`), by stage: what their usage is billed as. */
  readonly providerIds: Partial<Record<Stage, string>>;
  /**
   * It works on the relay's own cores: with a recogniser of it in the chain, the recognitions
   * the relay runs at once are bounded by its cores (`MAX_RECOGNITIONS` unset).
   */
  readonly onRelayCores: boolean;
  /** It costs nothing per use: its providers are priced at 0 unless the pricing file says so. */
  readonly free: boolean;
}
