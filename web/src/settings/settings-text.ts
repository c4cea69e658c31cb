import {
  EMBEDDED_KIND,
  STAGES,
  type AssistantSettingsView,
  type RelayWarning,
  type Stage,
  type StageTestResult,
} from '@parley/shared';
import { ZodError } from 'zod';
import { ApiError } from '../net/api.ts';
import type { DraftEntry } from './chain-draft.ts';
import { savedKeyStaysBehind } from './entry-key.ts';
import { STAGE_ENV, STAGE_LABELS } from './provider-kinds.ts';

/** What was being done when a request failed, for its message. */
export type SettingsTask =
  'load' | 'save' | 'detect' | 'models' | 'test' | 'load-preferences' | 'save-preferences';

const DOING: Readonly<Record<SettingsTask, string>> = {
  load: 'The settings could not be loaded',
  save: 'The settings were not saved',
  detect: 'Local servers could not be scanned',
  models: 'The models could not be loaded',
  test: 'The test could not run',
  'load-preferences': 'Your preferences could not be loaded',
  'save-preferences': 'Your preferences were not saved',
};

const OWN = new Set<SettingsTask>(['load-preferences', 'save-preferences']);

/** A failed settings request in plain words: what did not happen, and why. */
export function settingsErrorText(task: SettingsTask, error: unknown): string {
  const doing = DOING[task];
  // A request the page checked before sending: the field's own words, never zod's JSON.
  if (error instanceof ZodError)
    return `${doing}: ${error.issues[0]?.message ?? 'a field is not filled in as it should be'}`;
  if (!(error instanceof ApiError))
    return `${doing}: ${error instanceof Error ? error.message : String(error)}`;
  if (error.status === 401 && OWN.has(task))
    return `${doing}: the relay no longer knows you. Reload the page to sign in again.`;
  if (error.status === 401 || error.status === 403)
    return `${doing}: only an admin can change the assistant’s providers (in the ops dashboard, /ops, with the admin token).`;
  if (error.status === 404 && error.code !== 'not-found')
    return `${doing}: this relay has no settings yet. Update the relay.`;
  return `${doing}: ${error.message}`;
}

const ms = (latencyMs: number) => `${Math.round(latencyMs).toLocaleString('en')} ms`;

/** A test's outcome: its latency and what answered, or the provider's error. */
export function testResultText(result: StageTestResult): string {
  if (result.ok)
    return `Works: ${ms(result.latencyMs)}${result.detail ? ` — ${result.detail}` : ''}`;
  const status = result.status;
  const showStatus = status !== undefined && !result.message.includes(String(status));
  return `Failed: ${result.message}${showStatus ? ` (${status})` : ''}`;
}

/** What a save did: in force from the next turn, and which stages the environment still sets. */
export function savedText(view: AssistantSettingsView): string {
  const fixed = STAGES.filter((s) => view.source[s] === 'environment');
  const base =
    'Saved. New turns use these providers; a reply already under way finishes as it began.';
  if (fixed.length === 0) return base;
  const names = fixed.map((s) => `${STAGE_LABELS[s].toLowerCase()} (${STAGE_ENV[s]})`);
  return `${base} The relay’s environment still sets ${names.join(' and ')}.`;
}

/** What the relay serves without, though the chain asks for it, by the warning's code. */
const WARNINGS: Readonly<Record<RelayWarning['code'], string>> = {
  'writer-unavailable':
    'Moonshine could not be loaded on the relay, so PocketSphinx writes down what you say on its own for now: it gets human voices wrong far more often. The relay’s log says why; it tries again from time to time.',
};

/** A warning of the relay's (see RelayWarning) in the page's words. */
export function warningText(warning: RelayWarning): string {
  return WARNINGS[warning.code];
}

/** Why a stage cannot be edited here. */
export function environmentText(stage: keyof typeof STAGE_ENV): string {
  return `Set on the relay by the environment variable ${STAGE_ENV[stage]}, which wins over these settings. Remove it and restart the relay to choose here.`;
}

/**
 * Where an entry stands in its chain, in words: who answers first, who takes over when it fails,
 * and the embedded last resort.
 */
export function orderText(stage: Stage, chain: readonly DraftEntry[], index: number): string {
  const verb = stage === 'llm' ? 'Answers' : 'Used';
  const entry = chain[index];
  if (index === 0)
    return entry?.kind === EMBEDDED_KIND ? `${verb} first: works offline` : `${verb} first`;
  if (entry?.kind === EMBEDDED_KIND) return 'Last resort: works offline, if those above fail';
  return `${verb} if the one above fails`;
}

/** What becomes of the entry's key on save: the stored one, one typed and not saved yet, none. */
export function keyStateText(entry: DraftEntry): string {
  if (entry.removeKey) return 'The stored key is removed when you save.';
  const typed = entry.apiKey.trim() !== '';
  if (typed && entry.keySet)
    return 'New key typed, not saved yet: it replaces the stored one when you save.';
  if (typed) return 'Key typed, not saved yet: Test uses it, Save keeps it.';
  // The relay keeps a saved key at its address: a changed one is told, never silently keyless.
  if (entry.keySet && savedKeyStaysBehind(entry))
    return entry.heldKey !== ''
      ? `Key set ${entry.keyHint ?? ''}, typed here: Test uses it at this address, Save keeps it.`
      : `The saved key ${entry.keyHint ?? ''} stays with ${entry.saved?.baseUrl ?? 'its address'}: type it again to use it at this address.`;
  if (entry.keySet) return `Key set ${entry.keyHint ?? ''}. Leave empty to keep it.`;
  return 'No key set.';
}
