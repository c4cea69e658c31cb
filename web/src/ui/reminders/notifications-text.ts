import type { IntlShape } from 'react-intl';
import type { NotificationsState } from '../../reminders/reminder-notifications.ts';

/** What Settings says of reminders as notifications in this browser. Pure. */
export function notificationsHint(intl: IntlShape, state: NotificationsState): string {
  switch (state.kind) {
    case 'unsupported':
      return intl.formatMessage({ id: 'notifications.unsupported' });
    case 'blocked':
      return intl.formatMessage({ id: 'notifications.blocked' });
    case 'off':
      return intl.formatMessage({ id: 'notifications.off' });
    case 'on':
      return intl.formatMessage({
        id: state.pushed ? 'notifications.onPushed' : 'notifications.onOpen',
      });
  }
}
