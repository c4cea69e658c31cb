import { useT } from '../../i18n/use-t.ts';

/** Where a settings form's save is: not started, on its way, or done with a line to show. */
export type SaveState = { kind: 'idle' | 'saving' } | { kind: 'saved' | 'failed'; text: string };

/**
 * A settings form's submit button and what its save came to (announced: a status when saved,
 * an alert when it failed). `testId` names the three parts: `{testId}-save` (the button),
 * `{testId}-saved` and `{testId}-save-error` (e.g. `pref-save`, `pref-saved`, `pref-save-error`).
 */
export function SaveActions({
  save,
  label,
  testId,
}: {
  save: SaveState;
  /** The button's text while nothing is being saved, e.g. "Save preferences". */
  label: string;
  testId: string;
}) {
  const t = useT();
  return (
    <div className="settings-actions">
      <button
        type="submit"
        className="primary"
        data-testid={`${testId}-save`}
        disabled={save.kind === 'saving'}
      >
        {save.kind === 'saving' ? t('save.saving') : label}
      </button>
      {save.kind === 'saved' ? (
        <p role="status" className="test-ok" data-testid={`${testId}-saved`}>
          {save.text}
        </p>
      ) : save.kind === 'failed' ? (
        <p role="alert" className="field-error" data-testid={`${testId}-save-error`}>
          {save.text}
        </p>
      ) : null}
    </div>
  );
}
