import { useApp } from '../../state/store.ts';
import { useIntl } from 'react-intl';

/** Says which past conversation the next message goes on with. */
export function ContinuingNote() {
  const intl = useIntl();
  const continuing = useApp((s) => s.continuing);
  if (!continuing) return null;
  return (
    <p className="continuing" role="status" data-testid="continuing">
      {intl.formatMessage(
        { id: 'history.continuing' },
        { title: continuing.title ?? intl.formatMessage({ id: 'history.untitled' }) },
      )}
    </p>
  );
}
