import { useState } from 'react';
import type { ReminderItem } from '@parley/shared';
import { lateNote } from '../../reminders/late-note.ts';
import { actions, useApp } from '../../state/store.ts';
import { useIntl } from 'react-intl';

/**
 * The reminder that just rang ("Reminder: call Anna"), until the user dismisses it; one shown
 * well after its time says so ("(late: due at 2:32 PM)").
 */
export function ReminderNotice() {
  const ringing = useApp((s) => s.ringing);
  if (!ringing) return null;
  return <RingingNotice key={ringing.id} reminder={ringing} />;
}

function RingingNotice({ reminder }: { reminder: ReminderItem }) {
  // As late as it was when it rang, not as it grows while the notice stays.
  const intl = useIntl();
  const [late] = useState(() => lateNote(intl, reminder.dueAt, Date.now()));
  return (
    <p className="notice notice-info" role="status" data-testid="reminder-notice">
      <span aria-hidden="true">⏰ </span>
      {intl.formatMessage({ id: 'reminder.title' }, { text: reminder.text })}
      {late ? ` ${late}` : null}
      <button type="button" className="notice-link" onClick={() => actions.setRinging(null)}>
        {intl.formatMessage({ id: 'reminder.dismiss' })}
      </button>
    </p>
  );
}
