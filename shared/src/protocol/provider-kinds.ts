import { z } from 'zod';
import type { Stage } from './stage.ts';

/** The kinds of provider a stage can use. `openai-compatible` is any local or hosted server. */
export const PROVIDER_KINDS = [
  'embedded',
  'openai',
  'anthropic',
  'groq',
  'openrouter',
  'together',
  'deepgram',
  'elevenlabs',
  'openai-compatible',
] as const;
export const providerKind = z.enum(PROVIDER_KINDS);
export type ProviderKind = z.infer<typeof providerKind>;

/** The provider kinds that serve each stage, in the order the settings list them. */
export const KINDS_BY_STAGE: Readonly<Record<Stage, readonly ProviderKind[]>> = {
  asr: ['embedded', 'openai', 'groq', 'deepgram', 'openai-compatible'],
  llm: ['embedded', 'openai', 'anthropic', 'groq', 'openrouter', 'together', 'openai-compatible'],
  tts: ['embedded', 'openai', 'elevenlabs', 'openai-compatible'],
};

/** What each kind is called where a person reads it (the settings, their refusals). */
export const PROVIDER_KIND_LABELS: Readonly<Record<ProviderKind, string>> = {
  embedded: 'Embedded (offline)',
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  groq: 'Groq',
  openrouter: 'OpenRouter',
  together: 'Together',
  deepgram: 'Deepgram',
  elevenlabs: 'ElevenLabs',
  'openai-compatible': 'OpenAI-compatible server',
};

/** What each stage is called where a person reads it. */
export const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  asr: 'Speech recognition',
  llm: 'Language model',
  tts: 'Voice',
};

/**
 * The model a kind uses for a stage when none is chosen. A kind and stage not listed has no
 * default: a model must be chosen (a server's models are its own; OpenRouter and Together host
 * hundreds). The embedded providers take no model.
 */
export const DEFAULT_MODELS = {
  openai: { llm: 'gpt-4o-mini', asr: 'whisper-1', tts: 'tts-1' },
  groq: { llm: 'llama-3.1-8b-instant', asr: 'whisper-large-v3-turbo' },
  anthropic: { llm: 'claude-haiku-4-5' },
  deepgram: { asr: 'nova-3' },
  elevenlabs: { tts: 'eleven_flash_v2_5' },
} as const;

const MODELS_BY_KIND: Readonly<Partial<Record<ProviderKind, Partial<Record<Stage, string>>>>> =
  DEFAULT_MODELS;

/** The model `kind` uses for `stage` when none is chosen; undefined: one must be chosen. */
export const defaultModel = (kind: ProviderKind, stage: Stage): string | undefined =>
  MODELS_BY_KIND[kind]?.[stage];

/**
 * Whether an entry of `kind` for `stage` must name its model: it serves the stage, takes a model
 * and has no default one. (A kind that cannot serve the stage is refused for that, not this.)
 */
export const needsModel = (kind: ProviderKind, stage: Stage): boolean =>
  kind !== 'embedded' &&
  KINDS_BY_STAGE[stage].includes(kind) &&
  defaultModel(kind, stage) === undefined;

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
    ...chain.filter((e) => e.kind !== 'embedded'),
    ...chain.filter((e) => e.kind === 'embedded'),
  ];
}
