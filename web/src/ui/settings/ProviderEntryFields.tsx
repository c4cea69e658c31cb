import { useId, useState, type ReactNode } from 'react';
import {
  apiPathFix,
  completeAddress,
  defaultModel,
  needsModel,
  type ProviderKindInfo,
  type Stage,
  type StageTestResult,
} from '@parley/shared';
import type { ProviderSettingsApi } from '../../net/settings-api.ts';
import type { DraftAction, DraftEntry } from '../../settings/chain-draft.ts';
import { hasKey } from '../../settings/entry-key.ts';
import { entryInput, type FieldErrors, fieldKey } from '../../settings/settings-body.ts';
import { settingsErrorText, testResultText } from '../../settings/settings-text.ts';
import { FieldError } from './FieldError.tsx';
import { KeyField } from './KeyField.tsx';
import { FormattedMessage, useIntl } from 'react-intl';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';
import { kindName } from '../../settings/kind-names.ts';

interface Props {
  api: ProviderSettingsApi;
  stage: Stage;
  index: number;
  count: number;
  entry: DraftEntry;
  /** The kinds the stage may use, in the relay's order. */
  kinds: readonly ProviderKindInfo[];
  /** Its place in the chain, in words ("Answers first", "Last resort: works offline…"). */
  order: string;
  /** Whether ↑ and ↓ may move it (never the embedded last resort ahead of a real provider). */
  canMoveUp: boolean;
  canMoveDown: boolean;
  errors: FieldErrors;
  edit: (action: DraftAction) => void;
}

/**
 * A test's outcome, with the entry as it was tested: shown only while the entry still is (a
 * "Works" under an address changed since would say what is no longer true).
 */
type TestState =
  | { kind: 'running' }
  | { kind: 'done'; result: StageTestResult; of: string; withModel: boolean }
  | null;

/** Whether the provider can be asked for its models yet (an address, a key where needed). */
const canAsk = (e: DraftEntry) =>
  (!e.info.address || e.baseUrl.trim() !== '') && (e.info.key !== 'required' || hasKey(e));

/**
 * What a test asked of the entry, to tell whether its outcome is still about it. A test without
 * a model (a server's, which lists its models) is about the address and the key alone: choosing
 * a model after it leaves it true.
 */
const asAsked = (e: DraftEntry, withModel: boolean) => {
  const { model, ...asked } = entryInput(e);
  return JSON.stringify(withModel ? { ...asked, model } : asked);
};

/**
 * One provider of a chain: its kind, key, address and model, a test, and its place. Whatever a
 * request changes in the entry (a note while models load, their error, the test's outcome) shows
 * below the Test button, never above it: a press on Test right after typing an address leaves
 * the field, which loads the models, and a line appearing above would move the button away
 * from under the pointer before its release.
 */
export function ProviderEntryFields(props: Props) {
  const { api, stage, index, count, entry, kinds, order, errors, edit } = props;
  const intl = useIntl();
  const t = (key: MessageId, values?: MessageValues) => intl.formatMessage({ id: key }, values);
  const id = useId();
  const [test, setTest] = useState<TestState>(null);
  const [modelsNote, setModelsNote] = useState<{ text: string; error: boolean } | null>(null);
  const at = { stage, index };
  const { info } = entry;
  const label = kindName(intl, info);
  const name = t('entry.name', { kind: label, n: index + 1, count });
  const keyError = errors[fieldKey(stage, index, 'apiKey')];
  const urlError = errors[fieldKey(stage, index, 'baseUrl')];
  const modelError = errors[fieldKey(stage, index, 'model')];
  const modelNote = modelError ? { text: modelError, error: true } : modelsNote;

  const loadModels = (e: DraftEntry = entry) => {
    if (!e.info.models) return;
    setModelsNote({ text: t('entry.loadingModels'), error: false });
    // A request the page refuses to send (its schema) is told like the relay's refusals.
    Promise.resolve()
      .then(() => api.models({ stage, entry: entryInput(e) }))
      .then((models) => {
        edit({ type: 'models', ...at, models });
        setModelsNote(models.length === 0 ? { text: t('entry.noModels'), error: true } : null);
      })
      .catch((err: unknown) =>
        setModelsNote({ text: settingsErrorText(intl, 'models', err), error: true }),
      );
  };
  const runTest = () => {
    setTest({ kind: 'running' });
    const withModel = entryInput(entry).model !== undefined;
    const of = asAsked(entry, withModel);
    Promise.resolve()
      .then(() => api.test({ stage, entry: entryInput(entry) }))
      .then((result) => setTest({ kind: 'done', result, of, withModel }))
      .catch((err: unknown) =>
        setTest({
          kind: 'done',
          result: { ok: false, message: settingsErrorText(intl, 'test', err) },
          of,
          withModel,
        }),
      );
  };
  /** The address as typed, completed where it lacks a scheme (and a local server's `/v1`). */
  const leaveAddress = () => {
    const completed = completeAddress(entry.baseUrl, { openAiCompatible: true });
    const next = completed === entry.baseUrl ? entry : { ...entry, baseUrl: completed };
    if (next !== entry) edit({ type: 'edit', ...at, field: 'baseUrl', value: completed });
    if (canAsk(next) && (entry.models === null || next !== entry))
      loadModels({ ...next, models: null });
  };

  const shownTest =
    test?.kind === 'done' && test.of !== asAsked(entry, test.withModel) ? null : test;
  // The one-click fix is offered where the relay suggested it (a 404 at an address without /v1).
  const failures = [
    modelsNote?.error ? modelsNote.text : '',
    shownTest?.kind === 'done' && !shownTest.result.ok ? shownTest.result.message : '',
  ];
  const candidate = info.address ? apiPathFix(entryInput(entry).baseUrl ?? '') : null;
  const fix = candidate && failures.some((f) => f.includes(candidate)) ? candidate : null;
  const models = [...new Set([...(entry.models ?? []), ...(entry.model ? [entry.model] : [])])];
  const need = info.key;
  const fallbackModel = defaultModel(info, stage);

  return (
    <li className="provider-entry" data-testid="provider-entry" data-kind={entry.kind}>
      <div className="provider-entry-head">
        <label className="field">
          <span>
            <FormattedMessage
              id="entry.provider"
              values={{
                n: index + 1,
                order,
                strong: (chunks: ReactNode[]) => (
                  <strong className="provider-role" data-testid="provider-order">
                    {chunks}
                  </strong>
                ),
              }}
            />
          </span>
          <select
            data-testid="provider-kind"
            value={entry.kind}
            onChange={(e) => {
              const kind = kinds.find((k) => k.kind === e.target.value);
              if (kind) edit({ type: 'kind', ...at, kind: kind.kind });
              setTest(null);
              setModelsNote(null);
            }}
          >
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {kindName(intl, k)}
              </option>
            ))}
          </select>
        </label>
        <div className="provider-order">
          <button
            type="button"
            data-testid="provider-move-up"
            aria-label={t('entry.moveUp', { name })}
            disabled={!props.canMoveUp}
            onClick={() => edit({ type: 'move', ...at, by: -1 })}
          >
            ↑
          </button>
          <button
            type="button"
            data-testid="provider-move-down"
            aria-label={t('entry.moveDown', { name })}
            disabled={!props.canMoveDown}
            onClick={() => edit({ type: 'move', ...at, by: 1 })}
          >
            ↓
          </button>
          <button
            type="button"
            data-testid="provider-remove"
            aria-label={t('entry.removeLabel', { name })}
            disabled={count <= 1}
            onClick={() => edit({ type: 'remove', ...at })}
          >
            {t('entry.remove')}
          </button>
        </div>
      </div>

      {info.address ? (
        <label className="field">
          <span>{t('entry.address')}</span>
          <input
            data-testid="provider-base-url"
            type="url"
            inputMode="url"
            placeholder="http://127.0.0.1:11434/v1"
            value={entry.baseUrl}
            aria-invalid={urlError ? true : undefined}
            aria-describedby={urlError ? `${id}-url-error` : undefined}
            onChange={(e) => edit({ type: 'edit', ...at, field: 'baseUrl', value: e.target.value })}
            onBlur={leaveAddress}
          />
          <FieldError id={`${id}-url-error`} message={urlError} />
        </label>
      ) : null}

      {need === 'none' ? null : (
        <KeyField
          id={id}
          stage={stage}
          index={index}
          entry={entry}
          need={need}
          error={keyError}
          edit={edit}
          onTyped={() => {
            if (canAsk(entry)) loadModels();
          }}
        />
      )}

      {info.models ? (
        <div className="field">
          <label htmlFor={`${id}-model`}>{t('entry.model')}</label>
          <div className="field-row">
            <select
              id={`${id}-model`}
              data-testid="provider-model"
              value={entry.model}
              aria-describedby={modelNote ? `${id}-model-note` : undefined}
              aria-invalid={modelError ? true : undefined}
              onChange={(e) => edit({ type: 'edit', ...at, field: 'model', value: e.target.value })}
            >
              {/* A server has no default model: offering one would only be refused on save. */}
              {needsModel(info, stage) ? (
                <option value="" disabled>
                  {t(entry.models === null ? 'entry.chooseModelLoad' : 'entry.chooseModel')}
                </option>
              ) : (
                <option value="">{t('entry.defaultModel', { model: fallbackModel })}</option>
              )}
              {models.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
            <button
              type="button"
              data-testid="provider-load-models"
              disabled={!canAsk(entry)}
              onClick={() => loadModels()}
            >
              {t('entry.loadModels')}
            </button>
          </div>
        </div>
      ) : null}

      <div className="provider-test">
        <button
          type="button"
          data-testid="provider-test"
          aria-describedby={`${id}-test`}
          disabled={shownTest?.kind === 'running'}
          onClick={runTest}
        >
          {t('entry.test', { kind: label })}
        </button>
        <p
          id={`${id}-test`}
          role="status"
          data-testid="provider-test-result"
          data-ok={shownTest?.kind === 'done' ? String(shownTest.result.ok) : undefined}
          className={
            shownTest?.kind === 'done'
              ? shownTest.result.ok
                ? 'test-ok'
                : 'test-failed'
              : 'field-hint'
          }
        >
          {shownTest === null
            ? ''
            : shownTest.kind === 'running'
              ? t('entry.testing')
              : testResultText(intl, shownTest.result)}
        </p>
      </div>
      {info.models ? (
        <FieldError
          id={`${id}-model-note`}
          message={modelNote?.text}
          quiet={modelNote?.error === false}
          testId="provider-model-note"
        />
      ) : null}
      {fix ? (
        <p className="field-row">
          <button
            type="button"
            data-testid="provider-use-fix"
            onClick={() => {
              edit({ type: 'edit', ...at, field: 'baseUrl', value: fix });
              setTest(null);
              loadModels({ ...entry, baseUrl: fix, models: null });
            }}
          >
            {t('entry.useFix', { address: fix })}
          </button>
        </p>
      ) : null}
    </li>
  );
}
