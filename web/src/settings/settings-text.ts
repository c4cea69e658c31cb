import type { IntlShape } from 'react-intl';
import {
  EMBEDDED_KIND,
  STAGES,
  type AssistantSettingsView,
  type RelayWarning,
  type Stage,
  type StageTestResult,
} from '@parley/shared';
import { ZodError } from 'zod';
import { formatMs } from '../i18n/format.ts';
import type { MessageId } from '../i18n/intl.ts';
import { ApiError } from '../net/api.ts';
import type { DraftEntry } from './chain-draft.ts';
import { savedKeyStaysBehind } from './entry-key.ts';
import { STAGE_ENV } from './provider-kinds.ts';

/** What was being done when a request failed, for its message. */
export type SettingsTask =
  'load' | 'save' | 'detect' | 'models' | 'test' | 'load-preferences' | 'save-preferences';

const DOING: Readonly<Record<SettingsTask, MessageId>> = {
  load: 'settingsError.load',
  save: 'settingsError.save',
  detect: 'settingsError.detect',
  models: 'settingsError.models',
  test: 'settingsError.test',
  'load-preferences': 'settingsError.loadPreferences',
  'save-preferences': 'settingsError.savePreferences',
};

/** What each stage is called on screen, capitalised as a heading and in a sentence. */
export const STAGE_NAMES: Readonly<Record<Stage, MessageId>> = {
  asr: 'stage.asr',
  llm: 'stage.llm',
  tts: 'stage.tts',
};
const STAGE_NAMES_LOWER: Readonly<Record<Stage, MessageId>> = {
  asr: 'stage.asr.lower',
  llm: 'stage.llm.lower',
  tts: 'stage.tts.lower',
};

const OWN = new Set<SettingsTask>(['load-preferences', 'save-preferences']);

/**
 * A failed settings request in plain words: what did not happen, and why. The relay's own words
 * (its refusal of a field, a provider's error) are passed on as the relay wrote them.
 */
export function settingsErrorText(intl: IntlShape, task: SettingsTask, error: unknown): string {
  const say = (id: MessageId) => intl.formatMessage({ id });
  const doing = say(DOING[task]);
  const why = (text: string) =>
    intl.formatMessage({ id: 'settingsError.why' }, { doing, why: text });
  // A request the page checked before sending: the field's own words, never zod's JSON.
  if (error instanceof ZodError) return why(error.issues[0]?.message ?? say('settingsError.field'));
  if (!(error instanceof ApiError))
    return why(error instanceof Error ? error.message : String(error));
  if (error.status === 401 && OWN.has(task)) return why(say('settingsError.signIn'));
  if (error.status === 401 || error.status === 403) return why(say('settingsError.adminOnly'));
  if (error.status === 404 && error.code !== 'not-found') return why(say('settingsError.oldRelay'));
  return why(error.message);
}

/** A test's outcome: its latency and what answered, or the provider's error. */
export function testResultText(intl: IntlShape, result: StageTestResult): string {
  if (result.ok) {
    const latency = formatMs(intl, result.latencyMs);
    return result.detail
      ? intl.formatMessage({ id: 'test.worksDetail' }, { latency, detail: result.detail })
      : intl.formatMessage({ id: 'test.works' }, { latency });
  }
  const status = result.status;
  const showStatus = status !== undefined && !result.message.includes(String(status));
  return showStatus
    ? intl.formatMessage({ id: 'test.failedStatus' }, { message: result.message, status })
    : intl.formatMessage({ id: 'test.failed' }, { message: result.message });
}

/** What a save did: in force from the next turn, and which stages the environment still sets. */
export function savedText(intl: IntlShape, view: AssistantSettingsView): string {
  const fixed = STAGES.filter((s) => view.source[s] === 'environment');
  const base = intl.formatMessage({ id: 'saved.base' });
  if (fixed.length === 0) return base;
  const names = fixed.map((s) =>
    intl.formatMessage(
      { id: 'saved.stage' },
      { stage: intl.formatMessage({ id: STAGE_NAMES_LOWER[s] }), variable: STAGE_ENV[s] },
    ),
  );
  return intl.formatMessage(
    { id: 'saved.environment' },
    { base, stages: intl.formatList(names, { type: 'conjunction' }) },
  );
}

/** What the relay serves without, though the chain asks for it, by the warning's code. */
const WARNINGS: Readonly<Record<RelayWarning['code'], MessageId>> = {
  'writer-unavailable': 'warning.writerUnavailable',
  'voice-left-out': 'warning.voiceLeftOut',
};

/** The providers a warning names, as a person reads them. */
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  moonshine: 'Moonshine',
  pocketsphinx: 'PocketSphinx',
  'espeak-ng': 'eSpeak NG',
  flite: 'Flite',
};

/** A warning of the relay's (see RelayWarning) in the page's words. */
export function warningText(intl: IntlShape, warning: RelayWarning): string {
  const name = (id: string) => PROVIDER_NAMES[id] ?? id;
  return intl.formatMessage(
    { id: WARNINGS[warning.code] },
    { provider: name(warning.provider), servedBy: name(warning.servedBy) },
  );
}

/** Why a stage cannot be edited here. */
export function environmentText(intl: IntlShape, stage: keyof typeof STAGE_ENV): string {
  return intl.formatMessage({ id: 'environment.text' }, { variable: STAGE_ENV[stage] });
}

/**
 * Where an entry stands in its chain, in words: who answers first, who takes over when it fails,
 * and the embedded last resort.
 */
export function orderText(
  intl: IntlShape,
  stage: Stage,
  chain: readonly DraftEntry[],
  index: number,
): string {
  const llm = stage === 'llm';
  const entry = chain[index];
  const say = (id: MessageId) => intl.formatMessage({ id });
  if (index === 0) {
    if (entry?.kind === EMBEDDED_KIND)
      return say(llm ? 'order.answersFirstOffline' : 'order.usedFirstOffline');
    return say(llm ? 'order.answersFirst' : 'order.usedFirst');
  }
  if (entry?.kind === EMBEDDED_KIND) return say('order.lastResort');
  return say(llm ? 'order.answersIf' : 'order.usedIf');
}

/** What becomes of the entry's key on save: the stored one, one typed and not saved yet, none. */
export function keyStateText(intl: IntlShape, entry: DraftEntry): string {
  const say = (id: MessageId) => intl.formatMessage({ id });
  const hint = entry.keyHint ?? '';
  if (entry.removeKey) return say('key.removed');
  const typed = entry.apiKey.trim() !== '';
  if (typed && entry.keySet) return say('key.newTyped');
  if (typed) return say('key.typed');
  // The relay keeps a saved key at its address: a changed one is told, never silently keyless.
  if (entry.keySet && savedKeyStaysBehind(entry))
    return entry.heldKey !== ''
      ? intl.formatMessage({ id: 'key.heldHere' }, { hint })
      : intl.formatMessage(
          { id: 'key.staysWith' },
          { hint, address: entry.saved?.baseUrl ?? say('key.itsAddress') },
        );
  if (entry.keySet) return intl.formatMessage({ id: 'key.set' }, { hint });
  return say('key.none');
}
