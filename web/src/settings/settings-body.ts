import {
  assistantSettingsUpdateOf,
  completeAddress,
  needsModel,
  STAGES,
  type AssistantSettingsUpdate,
  type ChainSource,
  type ProviderEntryInput,
  type Stage,
} from '@parley/shared';
import type { IntlShape } from 'react-intl';
import type { DraftEntry, EntryField, SettingsDraft } from './chain-draft.ts';
import { schemaWords } from './schema-words.ts';
import { hasKey, keyInput } from './entry-key.ts';

/** Where a field's error is shown: `llm.0.baseUrl`, or `form` for the whole. */
export type FieldKey = `${Stage}.${number}.${EntryField}` | 'form';
export type FieldErrors = Partial<Record<FieldKey, string>>;

export const fieldKey = (stage: Stage, index: number, field: EntryField): FieldKey =>
  `${stage}.${index}.${field}`;

/**
 * An entry as the relay takes it. The key: see `keyInput`. The address as the relay calls it (`localhost:11434` →
 * `http://localhost:11434/v1`, see `completeAddress`). Fields the kind does not use are left out.
 */
export function entryInput(e: DraftEntry): ProviderEntryInput {
  return {
    id: e.id,
    kind: e.kind,
    ...(e.info.address && e.baseUrl.trim() !== ''
      ? { baseUrl: completeAddress(e.baseUrl, { openAiCompatible: true }) }
      : {}),
    ...(e.info.models && e.model.trim() !== '' ? { model: e.model.trim() } : {}),
    ...keyInput(e),
  };
}

/**
 * What the form can tell before asking the relay: an address, a key where one is needed, a model
 * where the kind has no default.
 */
function entryProblems(intl: IntlShape, stage: Stage, index: number, e: DraftEntry): FieldErrors {
  const errors: FieldErrors = {};
  if (e.info.address && e.baseUrl.trim() === '')
    errors[fieldKey(stage, index, 'baseUrl')] = intl.formatMessage({ id: 'field.addressNeeded' });
  if (needsModel(e.info, stage) && e.model.trim() === '')
    errors[fieldKey(stage, index, 'model')] = intl.formatMessage({ id: 'field.modelNeeded' });
  if (e.info.key === 'required' && !hasKey(e))
    errors[fieldKey(stage, index, 'apiKey')] = intl.formatMessage({ id: 'field.keyNeeded' });
  return errors;
}

const FIELDS: readonly EntryField[] = ['baseUrl', 'model', 'apiKey'];

/** The field a schema issue is about (`['chains', 'llm', 0, 'baseUrl']`), else the form. */
function issueKey(path: readonly PropertyKey[]): FieldKey {
  const [, stageName, index, fieldName] = path;
  const stage = STAGES.find((s) => s === stageName);
  const field = FIELDS.find((f) => f === fieldName);
  return stage && typeof index === 'number' && field ? fieldKey(stage, index, field) : 'form';
}

export type UpdateResult =
  { ok: true; body: AssistantSettingsUpdate } | { ok: false; errors: FieldErrors };

/**
 * The `PUT /api/admin/settings` body for the draft, checked with the wire schema, or the errors
 * to show beside each field. A stage the environment sets is sent as the relay showed it, unchecked:
 * it cannot be edited here.
 */
export function settingsUpdate(
  intl: IntlShape,
  draft: SettingsDraft,
  source: Readonly<Record<Stage, ChainSource>>,
): UpdateResult {
  let errors: FieldErrors = {};
  for (const stage of STAGES) {
    if (source[stage] === 'environment') continue;
    draft.chains[stage].forEach((e, i) => {
      errors = { ...errors, ...entryProblems(intl, stage, i, e) };
    });
  }
  const chains = {
    asr: draft.chains.asr.map(entryInput),
    llm: draft.chains.llm.map(entryInput),
    tts: draft.chains.tts.map(entryInput),
  };
  const parsed = assistantSettingsUpdateOf(draft.kinds).safeParse({ chains });
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors[issueKey(issue.path)] ??= schemaWords(intl, issue.message);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, errors };
}
