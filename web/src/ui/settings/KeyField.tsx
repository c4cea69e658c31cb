import type { DraftAction, DraftEntry } from '../../settings/chain-draft.ts';
import type { Stage } from '@parley/shared';
import { hasKey } from '../../settings/entry-key.ts';
import { keyStateText } from '../../settings/settings-text.ts';
import { FieldError } from './FieldError.tsx';
import { useIntl } from 'react-intl';

interface Props {
  /** The entry's own id prefix (`useId`), for the field's label and descriptions. */
  id: string;
  stage: Stage;
  index: number;
  entry: DraftEntry;
  need: 'required' | 'optional';
  error: string | undefined;
  edit: (action: DraftAction) => void;
  /** The key field was left with a key typed in. */
  onTyped: () => void;
}

/**
 * An entry's API key: typed in (it goes to the relay only), kept or removed; under it, what
 * becomes of it on save — the stored key, one typed and not saved yet, or none.
 */
export function KeyField({ id, stage, index, entry, need, error, edit, onTyped }: Props) {
  const intl = useIntl();
  const t = (
    id:
      | 'keyField.optional'
      | 'keyField.label'
      | 'keyField.keep'
      | 'keyField.remove'
      | 'keyField.keepKey',
  ) => intl.formatMessage({ id });
  const at = { stage, index };
  return (
    <div className="field">
      <label htmlFor={`${id}-key`}>
        {t(need === 'optional' ? 'keyField.optional' : 'keyField.label')}
      </label>
      <div className="field-row">
        <input
          id={`${id}-key`}
          data-testid="provider-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={hasKey(entry) ? t('keyField.keep') : ''}
          value={entry.apiKey}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-key-state${error ? ` ${id}-key-error` : ''}`}
          onChange={(e) => edit({ type: 'edit', ...at, field: 'apiKey', value: e.target.value })}
          onBlur={() => {
            if (entry.apiKey !== '') onTyped();
          }}
        />
        {entry.keySet && !entry.removeKey ? (
          <button
            type="button"
            data-testid="provider-remove-key"
            onClick={() => edit({ type: 'remove-key', ...at, remove: true })}
          >
            {t('keyField.remove')}
          </button>
        ) : null}
        {entry.removeKey ? (
          <button
            type="button"
            data-testid="provider-keep-key"
            onClick={() => edit({ type: 'remove-key', ...at, remove: false })}
          >
            {t('keyField.keepKey')}
          </button>
        ) : null}
      </div>
      <p className="field-hint" id={`${id}-key-state`} data-testid="provider-key-state">
        {keyStateText(intl, entry)}
      </p>
      <FieldError id={`${id}-key-error`} message={error} />
    </div>
  );
}
