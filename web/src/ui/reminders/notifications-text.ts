import type { NotificationsState } from '../../reminders/reminder-notifications.ts';

/** What Settings says of reminders as notifications in this browser. Pure. */
export function notificationsHint(state: NotificationsState): string {
  switch (state.kind) {
    case 'unsupported':
      return 'This browser cannot show notifications from Parley here (it needs an https address).';
    case 'blocked':
      return 'Notifications are blocked for this site in your browser’s settings: allow them there first.';
    case 'off':
      return 'Off: reminders ring only while Parley is open in front of you.';
    case 'on':
      return state.pushed
        ? 'On in this browser, whether Parley is in the background or closed. A reminder’s words travel encrypted: the browser’s push service cannot read them.'
        : 'On while Parley is open in the background. This browser could not reach its push service, so none arrive while Parley is closed.';
  }
}
