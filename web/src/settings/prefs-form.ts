import type { IntlShape } from 'react-intl';
import type { MessageId } from '../i18n/intl.ts';
import { schemaWords } from './schema-words.ts';
import {
  userPreferences,
  type Eagerness,
  type PreferenceOptions,
  type ToolProgress,
  type UserPreferences,
} from '@parley/shared';

/** The preferences form: every field a string or number an input holds. */
export interface PrefsForm {
  persona: UserPreferences['persona'];
  customPersona: string;
  /** Empty: the voice provider's default. */
  voice: string;
  replyLength: UserPreferences['replyLength'];
  speakingRate: number;
  language: string;
  /** Empty: the relay's default. */
  eagerness: '' | Eagerness;
  /** What is heard while a tool runs long. */
  toolProgress: ToolProgress;
  /** Ask "are you still there?" in a silent call, then end it (see `CALL_SILENCE_S`). */
  checkInOnSilence: boolean;
  /** Any speech over the reply stops it (not only words that ask to: "wait", a question). */
  stopAtAnySound: boolean;
}

export type PrefsErrors = Partial<Record<keyof PrefsForm | 'form', string>>;

export function prefsForm(p: UserPreferences): PrefsForm {
  return {
    persona: p.persona,
    customPersona: p.customPersona ?? '',
    voice: p.voice ?? '',
    replyLength: p.replyLength,
    speakingRate: p.speakingRate,
    language: p.language,
    eagerness: p.eagerness ?? '',
    toolProgress: p.toolProgress ?? 'spoken',
    checkInOnSilence: p.checkInOnSilence !== false,
    stopAtAnySound: p.stopAtAnySound === true,
  };
}

const FIELDS: readonly (keyof PrefsForm)[] = [
  'persona',
  'customPersona',
  'voice',
  'replyLength',
  'speakingRate',
  'language',
  'eagerness',
  'toolProgress',
  'checkInOnSilence',
  'stopAtAnySound',
];

/** Each eagerness as Settings offers it (its message). */
export const EAGERNESS_LABELS: Readonly<Record<Eagerness, MessageId>> = {
  eager: 'eagerness.eager',
  balanced: 'eagerness.balanced',
  patient: 'eagerness.patient',
};

/** The choice of what is heard while a tool works, as Settings offers it. */
export const TOOL_PROGRESS_LABELS: Readonly<Record<ToolProgress, MessageId>> = {
  spoken: 'toolProgress.spoken',
  earcon: 'toolProgress.earcon',
};

export const REPLY_LENGTH_LABELS: Readonly<Record<UserPreferences['replyLength'], MessageId>> = {
  short: 'replyLength.short',
  medium: 'replyLength.medium',
  long: 'replyLength.long',
};

/**
 * The `PUT /api/preferences` body, checked with the wire schema, or the errors to show beside
 * each field. A custom persona needs its text; the text is kept while a preset is chosen. A rate
 * the voice cannot use is sent back as it came.
 */
export function prefsBody(
  intl: IntlShape,
  form: PrefsForm,
  options: PreferenceOptions,
  current: UserPreferences,
): { ok: true; body: UserPreferences } | { ok: false; errors: PrefsErrors } {
  const custom = form.customPersona.trim();
  if (form.persona === 'custom' && custom === '')
    return {
      ok: false,
      errors: { customPersona: intl.formatMessage({ id: 'field.customPersona' }) },
    };
  const parsed = userPreferences.safeParse({
    persona: form.persona,
    ...(custom === '' ? {} : { customPersona: custom }),
    ...(form.voice === '' ? {} : { voice: form.voice }),
    replyLength: form.replyLength,
    speakingRate: options.speakingRate ? form.speakingRate : current.speakingRate,
    language: form.language,
    ...(form.eagerness === '' ? {} : { eagerness: form.eagerness }),
    // Spoken is what no choice means: sent only when it is not.
    ...(form.toolProgress === 'spoken' ? {} : { toolProgress: form.toolProgress }),
    // Absent means on: only turning it off is saved.
    ...(form.checkInOnSilence ? {} : { checkInOnSilence: false }),
    // Absent means words decide: only the old rule is saved.
    ...(form.stopAtAnySound ? { stopAtAnySound: true } : {}),
  });
  if (parsed.success) return { ok: true, body: parsed.data };
  const errors: PrefsErrors = {};
  for (const issue of parsed.error.issues) {
    const field = FIELDS.find((f) => f === issue.path[0]) ?? 'form';
    errors[field] ??= schemaWords(intl, issue.message);
  }
  return { ok: false, errors };
}
