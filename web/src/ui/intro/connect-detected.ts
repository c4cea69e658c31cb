import type { IntlShape } from 'react-intl';
import type { DetectedServer } from '@parley/shared';
import type { ProviderSettingsApi } from '../../net/settings-api.ts';
import { draftReducer, emptyDraft } from '../../settings/chain-draft.ts';
import { settingsUpdate } from '../../settings/settings-body.ts';
import { testResultText } from '../../settings/settings-text.ts';
import { SERVER_LABELS } from '../../settings/provider-kinds.ts';

/** A detected server's model, offered as one click. */
export interface DetectedChoice {
  server: DetectedServer;
  model: string;
  /** "Ollama llama3.2". */
  name: string;
}

/** Servers offered on the first screen, each with its first model (the rest are in Settings). */
const MAX_CHOICES = 2;

/** What the first screen offers of the servers found: each one's first model. */
export function detectedChoices(servers: readonly DetectedServer[]): DetectedChoice[] {
  return servers
    .flatMap((server) => {
      const model = server.models[0];
      return model === undefined
        ? []
        : [{ server, model, name: `${SERVER_LABELS[server.server]} ${model}` }];
    })
    .slice(0, MAX_CHOICES);
}

/** How a one-click use ended: in force, or why not (in the user's words). */
export type UseOutcome = { ok: true } | { ok: false; text: string };

/**
 * Puts a detected server's model first in the language model's chain, as Settings' "Use" does
 * (the rest of the chain kept behind it), after a real request to it answered: one click from the
 * first screen, with the test Settings asks for done on the way. Saved chains apply from the next
 * turn.
 */
export async function connectDetected(
  intl: IntlShape,
  api: ProviderSettingsApi,
  choice: DetectedChoice,
): Promise<UseOutcome> {
  const view = await api.get();
  const loaded = draftReducer(emptyDraft, { type: 'load', view });
  const draft = draftReducer(loaded, {
    type: 'use-detected',
    server: choice.server,
    model: choice.model,
  });
  const update = settingsUpdate(intl, draft, view.source);
  if (!update.ok)
    return {
      ok: false,
      text: intl.formatMessage({ id: 'detected.cannotSetUp' }, { name: choice.name }),
    };
  const entry = update.body.chains.llm[0];
  if (entry === undefined)
    return { ok: false, text: intl.formatMessage({ id: 'detected.noLanguageModel' }) };
  const test = await api.test({ stage: 'llm', entry });
  if (!test.ok)
    return {
      ok: false,
      text: intl.formatMessage(
        { id: 'detected.noAnswer' },
        { name: choice.name, result: testResultText(intl, test) },
      ),
    };
  await api.put(update.body);
  return { ok: true };
}
