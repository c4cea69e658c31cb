import { z } from 'zod';
import { stage, type Stage } from './stage.ts';

/**
 * The kinds of provider are the relay's: each is one descriptor in its list
 * (`relay/src/providers/provider-kinds.ts`, one vendor folder each), which the relay reads its
 * configuration with and sends to the settings ({@link providerKindInfo}, in the settings view).
 * This module holds what the wire says of a kind and the rules the relay and the page apply to
 * an entry of one, not a list of them: a new vendor is added on the relay alone.
 */

/** A kind's name: in `*_PROVIDERS`, on the wire and in the settings (`openai`, `deepgram`). */
export const providerKind = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'A provider kind is lower-case letters, digits and dashes.');
export type ProviderKind = z.infer<typeof providerKind>;

/** The relay's own providers: they work offline and never fail, the last resort of a chain. */
export const EMBEDDED_KIND = 'embedded';
/** Any OpenAI-compatible server at an address the user gives (a local one found is one). */
export const SERVER_KIND = 'openai-compatible';

/** What a kind is, as the settings show it and check an entry of it. */
export const providerKindInfo = z.strictObject({
  kind: providerKind,
  /** What a person reads (the settings, their refusals), e.g. "OpenAI". */
  label: z.string().min(1).max(100),
  /** The stages it serves, in the order of `STAGES`. */
  stages: z.array(stage).min(1),
  /** The model it uses for a stage when none is chosen; a stage not listed has none. */
  defaultModels: z.partialRecord(stage, z.string()),
  /** Hosted providers need an API key; a server of one's own may; the embedded set takes none. */
  key: z.enum(['none', 'required', 'optional']),
  /** Whether it is reached at an address the user gives (a server of their own). */
  address: z.boolean(),
  /** Whether it has models to choose from (the embedded set has one of each). */
  models: z.boolean(),
});
export type ProviderKindInfo = z.infer<typeof providerKindInfo>;

/** The kinds of `kinds` that serve `stage`, in their order. */
export const kindsFor = (kinds: readonly ProviderKindInfo[], s: Stage): ProviderKindInfo[] =>
  kinds.filter((k) => k.stages.includes(s));

/** The kind named `kind` of `kinds`, if it is one. */
export const kindInfoOf = (
  kinds: readonly ProviderKindInfo[],
  kind: ProviderKind,
): ProviderKindInfo | undefined => kinds.find((k) => k.kind === kind);

/** What each stage is called where a person reads it. */
export const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  asr: 'Speech recognition',
  llm: 'Language model',
  tts: 'Voice',
};

/** The model `info` uses for `stage` when none is chosen; undefined: one must be chosen. */
export const defaultModel = (info: ProviderKindInfo, s: Stage): string | undefined =>
  info.defaultModels[s];

/**
 * Whether an entry of `info`'s kind for `stage` must name its model: it serves the stage, takes a
 * model and has no default one. (A kind that cannot serve the stage is refused for that, not
 * this.)
 */
export const needsModel = (info: ProviderKindInfo, s: Stage): boolean =>
  info.models && info.stages.includes(s) && defaultModel(info, s) === undefined;

/** Why an entry without a model is refused, in the words the admin sees beside the field. */
export const MODEL_NEEDED = 'Choose a model: this provider has no default one.';

/**
 * `chain` with its embedded entries last, the others in their order. The embedded providers work
 * offline and never fail (the offline responder answers anything with a sentence), so one ahead
 * of a real provider would serve every turn and the real one would never be asked: they are the
 * last resort, wherever a chain is edited or saved.
 */
export function withEmbeddedLast<T extends { kind: ProviderKind }>(chain: readonly T[]): T[] {
  return [
    ...chain.filter((e) => e.kind !== EMBEDDED_KIND),
    ...chain.filter((e) => e.kind === EMBEDDED_KIND),
  ];
}
