import { actions, useApp } from '../../state/store.ts';

/** The reminder that just rang ("Reminder: call Anna"), until the user dismisses it. */
export function ReminderNotice() {
  const ringing = useApp((s) => s.ringing);
  if (!ringing) return null;
  return (
    <p className="notice notice-info" role="status" data-testid="reminder-notice">
      <span aria-hidden="true">⏰ </span>
      Reminder: {ringing.text}
      <button type="button" className="notice-link" onClick={() => actions.setRinging(null)}>
        Dismiss
      </button>
    </p>
  );
}
