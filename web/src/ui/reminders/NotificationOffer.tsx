import { useEffect, useState } from 'react';
import { pageNotifications } from '../../reminders/browser-notifications.ts';
import type { NotificationsState } from '../../reminders/reminder-notifications.ts';
import { useApp } from '../../state/store.ts';
import { notificationsHint } from './notifications-text.ts';
import { useIntl } from 'react-intl';

/**
 * After the user's first reminder is set (never on load), the offer to let reminders ring as
 * notifications while Parley is in the background or closed: the browser asks its permission
 * only on "Turn on". Declined, it is not made again; Settings turns them on or off.
 */
export function NotificationOffer() {
  const intl = useIntl();
  const reminderSet = useApp((s) =>
    s.entries.some((e) => e.tools?.some((t) => t.name === 'set_reminder' && t.status === 'done')),
  );
  const [offer, setOffer] = useState<'ask' | NotificationsState | null>(null);
  useEffect(() => {
    if (!reminderSet) return;
    const n = pageNotifications();
    if (!n.offerable()) return;
    let live = true;
    void n.state().then((s) => {
      if (live && s.kind === 'off') setOffer('ask');
    });
    return () => {
      live = false;
    };
  }, [reminderSet]);
  if (offer === null) return null;
  if (offer !== 'ask')
    return (
      <p className="notice notice-info" role="status" data-testid="notification-offer">
        {notificationsHint(intl, offer)}
        <button type="button" className="notice-link" onClick={() => setOffer(null)}>
          {intl.formatMessage({ id: 'notifications.dismiss' })}
        </button>
      </p>
    );
  return (
    <div className="notice notice-info" role="status" data-testid="notification-offer">
      <span>{intl.formatMessage({ id: 'notifications.offer' })}</span>
      <button type="button" onClick={() => void pageNotifications().turnOn().then(setOffer)}>
        {intl.formatMessage({ id: 'notifications.turnOn' })}
      </button>
      <button
        type="button"
        onClick={() => {
          pageNotifications().notNow();
          setOffer(null);
        }}
      >
        {intl.formatMessage({ id: 'notifications.notNow' })}
      </button>
    </div>
  );
}
