import { useEffect, useState } from 'react';
import { pageNotifications } from '../../reminders/browser-notifications.ts';
import type { NotificationsState } from '../../reminders/reminder-notifications.ts';
import { notificationsHint } from './notifications-text.ts';
import { useIntl } from 'react-intl';

/** Settings' "Notifications": reminders as system notifications in this browser, on or off. */
export function NotificationsSetting() {
  const intl = useIntl();
  const [state, setState] = useState<NotificationsState | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    void pageNotifications()
      .state()
      .then((s) => {
        if (live) setState(s);
      });
    return () => {
      live = false;
    };
  }, []);
  const change = (on: boolean) => {
    setBusy(true);
    const n = pageNotifications();
    void (on ? n.turnOn() : n.turnOff()).then(setState).finally(() => setBusy(false));
  };
  const usable = state !== null && state.kind !== 'unsupported' && state.kind !== 'blocked';
  return (
    <section className="settings-section" aria-labelledby="notifications-heading">
      <h3 id="notifications-heading">{intl.formatMessage({ id: 'notifications.heading' })}</h3>
      <label className="field field-check">
        <input
          type="checkbox"
          data-testid="reminder-notifications"
          checked={state?.kind === 'on'}
          disabled={!usable || busy}
          onChange={(e) => change(e.target.checked)}
        />
        <span>{intl.formatMessage({ id: 'notifications.toggle' })}</span>
      </label>
      {state ? (
        <p className="field-hint" data-testid="reminder-notifications-hint">
          {notificationsHint(intl, state)}
        </p>
      ) : null}
    </section>
  );
}
