import type { ToolRow } from './tool-lists.ts';
import './tools.css';
import { useT } from '../../i18n/use-t.ts';

/**
 * A list of the user's reminders or notes, each with its text, when, and a button that removes
 * it (cancels the reminder, forgets the note).
 */
export function ToolItems({
  rows,
  error,
  empty,
  removeLabel,
  onRemove,
  testId,
}: {
  /** Null while loading. */
  rows: ToolRow[] | null;
  error: string | null;
  /** What an empty list says. */
  empty: string;
  /** The remove button's text ("Cancel", "Forget"). */
  removeLabel: string;
  onRemove: (id: string) => void;
  testId: string;
}) {
  const t = useT();
  return (
    <div className="tool-items">
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      {rows === null ? (
        error ? null : (
          <p className="muted">{t('tools.loading')}</p>
        )
      ) : rows.length === 0 ? (
        <p className="muted" data-testid={`${testId}-empty`}>
          {empty}
        </p>
      ) : (
        <ul className="tool-list" data-testid={testId}>
          {rows.map((row) => (
            <li key={row.id} className="tool-item" data-testid={`${testId}-item`}>
              <span className="tool-text">{row.text}</span>
              <span className="muted tool-when">{row.when}</span>
              <button
                type="button"
                className="tool-remove"
                aria-label={t('tools.removeLabel', { action: removeLabel, text: row.text })}
                onClick={() => onRemove(row.id)}
              >
                {removeLabel}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
