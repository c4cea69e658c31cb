import { useId, useState } from 'react';
import type { Stage, StageTestResult } from '@parley/shared';
import type { ProviderSettingsApi } from '../../net/settings-api.ts';
import type { DraftAction, DraftEntry } from '../../settings/chain-draft.ts';
import {
  KIND_LABELS,
  KINDS_BY_STAGE,
  keyNeed,
  takesBaseUrl,
  takesModel,
} from '../../settings/provider-kinds.ts';
import { entryInput, type FieldErrors, fieldKey } from '../../settings/settings-body.ts';
import { settingsErrorText, testResultText } from '../../settings/settings-text.ts';
import { FieldError } from './FieldError.tsx';

interface Props {
  api: ProviderSettingsApi;
  stage: Stage;
  index: number;
  count: number;
  entry: DraftEntry;
  errors: FieldErrors;
  edit: (action: DraftAction) => void;
}

type TestState = { kind: 'running' } | { kind: 'done'; result: StageTestResult } | null;

/** Whether the provider can be asked for its models yet (an address, a key where needed). */
const canAsk = (e: DraftEntry) =>
  (!takesBaseUrl(e.kind) || e.baseUrl.trim() !== '') &&
  (keyNeed(e.kind) !== 'required' || e.apiKey.trim() !== '' || (e.keySet && !e.removeKey));

/** One provider of a chain: its kind, key, address and model, a test, and its place. */
export function ProviderEntryFields({ api, stage, index, count, entry, errors, edit }: Props) {
  const id = useId();
  const [test, setTest] = useState<TestState>(null);
  const [modelsNote, setModelsNote] = useState<{ text: string; error: boolean } | null>(null);
  const at = { stage, index };
  const name = `${KIND_LABELS[entry.kind]} (${index + 1} of ${count})`;
  const keyError = errors[fieldKey(stage, index, 'apiKey')];
  const urlError = errors[fieldKey(stage, index, 'baseUrl')];
  const modelError = errors[fieldKey(stage, index, 'model')];
  const modelNote = modelError ? { text: modelError, error: true } : modelsNote;

  const loadModels = (e: DraftEntry = entry) => {
    if (!takesModel(e.kind)) return;
    setModelsNote({ text: 'Loading models…', error: false });
    api
      .models({ stage, entry: entryInput(e) })
      .then((models) => {
        edit({ type: 'models', ...at, models });
        setModelsNote(
          models.length === 0 ? { text: 'The provider listed no models.', error: true } : null,
        );
      })
      .catch((err: unknown) =>
        setModelsNote({ text: settingsErrorText('models', err), error: true }),
      );
  };
  const runTest = () => {
    setTest({ kind: 'running' });
    api
      .test({ stage, entry: entryInput(entry) })
      .then((result) => setTest({ kind: 'done', result }))
      .catch((err: unknown) =>
        setTest({ kind: 'done', result: { ok: false, message: settingsErrorText('test', err) } }),
      );
  };
  const models = [...new Set([...(entry.models ?? []), ...(entry.model ? [entry.model] : [])])];
  const need = keyNeed(entry.kind);

  return (
    <li className="provider-entry" data-testid="provider-entry" data-kind={entry.kind}>
      <div className="provider-entry-head">
        <label className="field">
          <span>Provider {index + 1}</span>
          <select
            data-testid="provider-kind"
            value={entry.kind}
            onChange={(e) => {
              const kind = KINDS_BY_STAGE[stage].find((k) => k === e.target.value);
              if (kind) edit({ type: 'kind', ...at, kind });
              setTest(null);
              setModelsNote(null);
            }}
          >
            {KINDS_BY_STAGE[stage].map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <div className="provider-order">
          <button
            type="button"
            data-testid="provider-move-up"
            aria-label={`Move ${name} up`}
            disabled={index === 0}
            onClick={() => edit({ type: 'move', ...at, by: -1 })}
          >
            ↑
          </button>
          <button
            type="button"
            data-testid="provider-move-down"
            aria-label={`Move ${name} down`}
            disabled={index === count - 1}
            onClick={() => edit({ type: 'move', ...at, by: 1 })}
          >
            ↓
          </button>
          <button
            type="button"
            data-testid="provider-remove"
            aria-label={`Remove ${name}`}
            disabled={count <= 1}
            onClick={() => edit({ type: 'remove', ...at })}
          >
            Remove
          </button>
        </div>
      </div>

      {takesBaseUrl(entry.kind) ? (
        <label className="field">
          <span>Server address</span>
          <input
            data-testid="provider-base-url"
            type="url"
            inputMode="url"
            placeholder="http://127.0.0.1:11434/v1"
            value={entry.baseUrl}
            aria-invalid={urlError ? true : undefined}
            aria-describedby={urlError ? `${id}-url-error` : undefined}
            onChange={(e) => edit({ type: 'edit', ...at, field: 'baseUrl', value: e.target.value })}
            onBlur={() => {
              if (canAsk(entry) && entry.models === null) loadModels();
            }}
          />
          <FieldError id={`${id}-url-error`} message={urlError} />
        </label>
      ) : null}

      {need === 'none' ? null : (
        <div className="field">
          <label htmlFor={`${id}-key`}>
            {need === 'optional' ? 'API key (if the server needs one)' : 'API key'}
          </label>
          <div className="field-row">
            <input
              id={`${id}-key`}
              data-testid="provider-key"
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder={entry.keySet && !entry.removeKey ? 'Leave empty to keep' : ''}
              value={entry.apiKey}
              aria-invalid={keyError ? true : undefined}
              aria-describedby={`${id}-key-state${keyError ? ` ${id}-key-error` : ''}`}
              onChange={(e) =>
                edit({ type: 'edit', ...at, field: 'apiKey', value: e.target.value })
              }
              onBlur={() => {
                if (canAsk(entry) && entry.apiKey !== '') loadModels();
              }}
            />
            {entry.keySet && !entry.removeKey ? (
              <button
                type="button"
                data-testid="provider-remove-key"
                onClick={() => edit({ type: 'remove-key', ...at, remove: true })}
              >
                Remove key
              </button>
            ) : null}
            {entry.removeKey ? (
              <button
                type="button"
                data-testid="provider-keep-key"
                onClick={() => edit({ type: 'remove-key', ...at, remove: false })}
              >
                Keep key
              </button>
            ) : null}
          </div>
          <p className="field-hint" id={`${id}-key-state`} data-testid="provider-key-state">
            {entry.removeKey
              ? 'The stored key is removed when you save.'
              : entry.keySet
                ? `Key set ${entry.keyHint ?? ''}. Leave empty to keep it.`
                : 'No key set.'}
          </p>
          <FieldError id={`${id}-key-error`} message={keyError} />
        </div>
      )}

      {takesModel(entry.kind) ? (
        <div className="field">
          <label htmlFor={`${id}-model`}>Model</label>
          <div className="field-row">
            <select
              id={`${id}-model`}
              data-testid="provider-model"
              value={entry.model}
              aria-describedby={modelNote ? `${id}-model-note` : undefined}
              aria-invalid={modelError ? true : undefined}
              onChange={(e) => edit({ type: 'edit', ...at, field: 'model', value: e.target.value })}
            >
              <option value="">The provider’s default</option>
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
              Load models
            </button>
          </div>
          <FieldError
            id={`${id}-model-note`}
            message={modelNote?.text}
            quiet={modelNote?.error === false}
          />
        </div>
      ) : null}

      <div className="provider-test">
        <button
          type="button"
          data-testid="provider-test"
          aria-describedby={`${id}-test`}
          disabled={test?.kind === 'running'}
          onClick={runTest}
        >
          Test {KIND_LABELS[entry.kind]}
        </button>
        <p
          id={`${id}-test`}
          role="status"
          data-testid="provider-test-result"
          data-ok={test?.kind === 'done' ? String(test.result.ok) : undefined}
          className={
            test?.kind === 'done' ? (test.result.ok ? 'test-ok' : 'test-failed') : 'field-hint'
          }
        >
          {test === null ? '' : test.kind === 'running' ? 'Testing…' : testResultText(test.result)}
        </p>
      </div>
    </li>
  );
}
