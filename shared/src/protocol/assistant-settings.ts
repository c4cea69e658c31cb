import { z } from 'zod';
import { STAGES, stage } from './stage.ts';
import {
  kindInfoOf,
  MODEL_NEEDED,
  needsModel,
  providerKind,
  providerKindInfo,
  type ProviderKindInfo,
} from './provider-kinds.ts';
import { EAGERNESS } from '../turn/end-of-turn.ts';
import { LANGUAGE_TAG_PATTERN } from '../turn/language-tag.ts';
import { relayWarning } from './status.ts';

/**
 * Shapes of the assistant's runtime settings: the provider chains an admin (or the
 * one local user in dev mode) connects from the app, and each user's own preferences.
 *
 * Provider settings: `GET` / `PUT /api/admin/settings`, `GET /api/admin/settings/detect`,
 * `POST /api/admin/settings/models`, `POST /api/admin/settings/test`. Allowed to the bearer of
 * `ADMIN_TOKEN`, and in dev mode to the local user on loopback.
 *
 * Preferences: `GET` / `PUT /api/preferences`, the caller's own.
 *
 * An API key goes to the relay only (in a `PUT` or a test/models request); it is never sent
 * back: a view says whether one is set and shows its last four characters.
 */

/** A chain entry's name: what logs, metrics and the status page call it. */
const entryId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'A provider name is lower-case letters, digits and dashes.');

/**
 * Whether `url` carries a user name or password (`https://user:key@host/v1`). Such an address is
 * refused wherever one is given: fetch will not send it, and an error or a status page that
 * quotes the address would show the password. The key has a field of its own.
 */
export function urlHasCredentials(url: string): boolean {
  if (!URL.canParse(url)) return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url);
  const parsed = new URL(url);
  return parsed.username !== '' || parsed.password !== '';
}

/** Why an address with credentials is refused, in the words the admin sees. */
export const CREDENTIALS_IN_ADDRESS =
  'Put the key in the key field, not in the address (it holds a user name or password).';

const baseUrl = z
  .url({
    protocol: /^https?$/,
    error: 'The server’s address should look like http://127.0.0.1:11434/v1 (http or https).',
  })
  .max(300)
  .refine((url) => !urlHasCredentials(url), { error: CREDENTIALS_IN_ADDRESS });

/** A chain entry as the client sends it. `apiKey` absent: keep the stored key; null: clear it. */
export const providerEntryInput = z.strictObject({
  id: entryId,
  kind: providerKind,
  /** The server's http(s) address; never with a user name or password (the key has a field). */
  baseUrl: baseUrl.optional(),
  model: z.string().trim().min(1).max(200).optional(),
  apiKey: z.string().trim().min(1).max(500).nullable().optional(),
});
export type ProviderEntryInput = z.infer<typeof providerEntryInput>;

/** A chain entry as the relay shows it: the key masked. */
export const providerEntryView = z.strictObject({
  id: entryId,
  kind: providerKind,
  baseUrl: z.string().optional(),
  model: z.string().optional(),
  keySet: z.boolean(),
  /** The key's last four characters, e.g. "…a1b2". */
  keyHint: z.string().optional(),
});
export type ProviderEntryView = z.infer<typeof providerEntryView>;

const chainsOf = <T extends z.ZodType>(entry: T) =>
  z.strictObject({
    asr: z.array(entry).min(1).max(4),
    llm: z.array(entry).min(1).max(4),
    tts: z.array(entry).min(1).max(4),
  });

/** Where a stage's chain comes from: environment variables win over saved settings. */
export const chainSource = z.enum(['environment', 'saved', 'default']);
export type ChainSource = z.infer<typeof chainSource>;

/** `GET /api/admin/settings`, and the answer to a `PUT`. */
export const assistantSettingsView = z.strictObject({
  chains: chainsOf(providerEntryView),
  /** The kinds the settings offer, in the order they list them: the relay's. */
  kinds: z.array(providerKindInfo),
  source: z.strictObject({ asr: chainSource, llm: chainSource, tts: chainSource }),
  /** When the saved settings last changed (epoch ms); null when nothing was saved. */
  updatedAt: z.number().nullable(),
  /** What the chains in use serve without (see relayWarning); absent: nothing. */
  warnings: z.array(relayWarning).optional(),
});
export type AssistantSettingsView = z.infer<typeof assistantSettingsView>;

/** `PUT /api/admin/settings`: the chains to use from the next turn on. */
export const assistantSettingsUpdate = z.strictObject({ chains: chainsOf(providerEntryInput) });
export type AssistantSettingsUpdate = z.infer<typeof assistantSettingsUpdate>;

/**
 * {@link assistantSettingsUpdate} as the relay takes it, with `kinds` (the relay's): every entry
 * of a kind it has, and one whose kind has no default model for its stage names one (refused
 * beside its model field otherwise).
 */
export function assistantSettingsUpdateOf(kinds: readonly ProviderKindInfo[]) {
  return assistantSettingsUpdate.superRefine(({ chains }, ctx) => {
    for (const s of STAGES)
      chains[s].forEach((entry, index) => {
        const info = kindInfoOf(kinds, entry.kind);
        if (!info)
          ctx.addIssue({
            code: 'custom',
            message: `The relay has no provider kind "${entry.kind}".`,
            path: ['chains', s, index, 'kind'],
          });
        else if (entry.model === undefined && needsModel(info, s))
          ctx.addIssue({
            code: 'custom',
            message: MODEL_NEEDED,
            path: ['chains', s, index, 'model'],
          });
      });
  });
}

/** A local OpenAI-compatible server found on its usual loopback port. */
export const detectedServer = z.strictObject({
  server: z.enum(['ollama', 'lmstudio', 'llama-cpp', 'vllm']),
  baseUrl: z.string(),
  models: z.array(z.string()),
});
export type DetectedServer = z.infer<typeof detectedServer>;

/** `GET /api/admin/settings/detect` (probes again on each call). */
export const detectResponse = z.strictObject({ servers: z.array(detectedServer) });
export type DetectResponse = z.infer<typeof detectResponse>;

/** `POST /api/admin/settings/models` and `POST /api/admin/settings/test`. */
export const stageEntryRequest = z.strictObject({ stage, entry: providerEntryInput });
export type StageEntryRequest = z.infer<typeof stageEntryRequest>;

/** `POST /api/admin/settings/models`: the provider's own model list for the stage. */
export const modelsResponse = z.strictObject({ models: z.array(z.string()) });
export type ModelsResponse = z.infer<typeof modelsResponse>;

/** `POST /api/admin/settings/test`: a real minimal request to the provider. */
export const stageTestResult = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), latencyMs: z.number(), detail: z.string() }),
  z.strictObject({
    ok: z.literal(false),
    /** The provider's error in plain words, e.g. "The key was refused (401)". */
    message: z.string(),
    status: z.number().int().optional(),
  }),
]);
export type StageTestResult = z.infer<typeof stageTestResult>;

/** Persona presets; `custom` uses the user's own text. */
export const PERSONA_PRESETS = ['friendly', 'concise', 'tutor', 'custom'] as const;
export const REPLY_LENGTHS = ['short', 'medium', 'long'] as const;
export const MAX_PERSONA_CHARS = 2000;
/**
 * What the user hears while a tool of the turn takes longer than ~700 ms (issue 48): `spoken`, a
 * short line in the reply's voice ("One moment, I'm checking."); `earcon`, a soft sound the app
 * plays until the reply speaks.
 */
export const TOOL_PROGRESS = ['spoken', 'earcon'] as const;
export type ToolProgress = (typeof TOOL_PROGRESS)[number];

/** A user's preferences, applied from their next turn. */
export const userPreferences = z.strictObject({
  persona: z.enum(PERSONA_PRESETS),
  customPersona: z.string().trim().max(MAX_PERSONA_CHARS).optional(),
  /** A voice id of the active voice provider; absent: its default. */
  voice: z.string().max(100).optional(),
  replyLength: z.enum(REPLY_LENGTHS),
  /** 0.5 to 2, where the voice provider supports a rate. */
  speakingRate: z.number().min(0.5).max(2),
  /** BCP 47 language tag, e.g. "en". */
  language: z.string().regex(LANGUAGE_TAG_PATTERN),
  /** How soon the assistant answers at a pause; absent: the relay's default (`TURN_EAGERNESS`). */
  eagerness: z.enum(EAGERNESS).optional(),
  /** What is heard while a tool runs long; absent: `spoken`. */
  toolProgress: z.enum(TOOL_PROGRESS).optional(),
  /**
   * In a call gone silent (`CALL_SILENCE_S`), the assistant asks whether the user is still
   * there, then ends the call; absent: on.
   */
  checkInOnSilence: z.boolean().optional(),
  /**
   * Any speech over the reply stops it, as before words were weighed (the VAD's 400 ms);
   * absent: words decide ("mm-hmm" lets it go on, "wait" stops it).
   */
  stopAtAnySound: z.boolean().optional(),
});
export type UserPreferences = z.infer<typeof userPreferences>;

/** What the active providers offer, for the preferences form. */
export const preferenceOptions = z.strictObject({
  personas: z.array(z.strictObject({ id: z.enum(PERSONA_PRESETS), label: z.string() })),
  voices: z.array(z.strictObject({ id: z.string(), label: z.string() })),
  /** Every language a conversation can be held in (typed, and spoken where {@link recognised} allows). */
  languages: z.array(z.strictObject({ id: z.string(), label: z.string() })),
  /**
   * The languages the recognisers understand (BCP 47 primary subtags), when every one of them
   * knows only a few (the embedded recognisers: `["en"]`); null when one knows many and is told
   * the user's. A conversation in a language not listed can be typed, not spoken: the page says
   * so before the user speaks, with the recognisers to connect.
   */
  recognised: z.array(z.string()).nullable(),
  speakingRate: z.boolean(),
  /** The relay's eagerness for users who chose none (`TURN_EAGERNESS`). */
  defaultEagerness: z.enum(EAGERNESS),
});
export type PreferenceOptions = z.infer<typeof preferenceOptions>;

/** `GET /api/preferences` (and the answer to a `PUT`, which takes a `UserPreferences`). */
export const preferencesResponse = z.strictObject({
  preferences: userPreferences,
  options: preferenceOptions,
  /** The caller may change the provider settings (dev mode's local user, or none in jwt mode). */
  canEditProviders: z.boolean(),
  /**
   * Whether the caller ever saved preferences; false: `preferences` are the relay's defaults, and
   * the page takes its language from the browser's (and saves it as the preference).
   */
  saved: z.boolean(),
});
export type PreferencesResponse = z.infer<typeof preferencesResponse>;
