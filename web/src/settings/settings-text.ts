import { STAGES, type AssistantSettingsView, type StageTestResult } from '@parley/shared';
import { ApiError } from '../net/api.ts';
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

/** Why a stage cannot be edited here. */
export function environmentText(stage: keyof typeof STAGE_ENV): string {
  return `Set on the relay by the environment variable ${STAGE_ENV[stage]}, which wins over these settings. Remove it and restart the relay to choose here.`;
}
