import type { PushSubscriptionBody, ReminderItem } from '@parley/shared';
import { loadChoice, saveChoice, type ChoiceStorage } from './notification-choice.ts';
import { reminderAlert } from './reminder-alert.ts';
import { currentIntl } from '../i18n/language.ts';

/** Where this browser stands with reminders as notifications, as Settings says it. */
export type NotificationsState =
  /** No Notification API or service worker here (an insecure origin, an old browser). */
  | { kind: 'unsupported' }
  /** The user refused the browser's permission: only the browser's settings can undo it. */
  | { kind: 'blocked' }
  | { kind: 'off' }
  /**
   * On; `pushed`: also while Parley is closed (false: the relay sends no pushes, or this
   * browser's push service could not be reached).
   */
  | { kind: 'on'; pushed: boolean };

/** The relay's side of it (web/src/net/push-api.ts). */
export interface PushRelay {
  key(): Promise<string | null>;
  save(sub: PushSubscriptionBody): Promise<void>;
  forget(endpoint: string): Promise<void>;
}

/** What the browser gives (Notification, the service worker's registration), behind one seam. */
export interface NotificationsDeps {
  storage: ChoiceStorage | null;
  /** `Notification.permission`, or null where there is no Notification API. */
  permission(): NotificationPermission | null;
  requestPermission(): Promise<NotificationPermission>;
  /** The service worker's registration once active; null where there is none. */
  registration(): Promise<ServiceWorkerRegistration | null>;
  relay: PushRelay;
  /** Whether the page is out of sight (another tab, minimised, a phone's screen off). */
  hidden(): boolean;
  /** Epoch ms. */
  now(): number;
}

/**
 * Reminders as system notifications, in this browser: turned on from the offer after the
 * user's first reminder or in Settings (the browser's permission asked then, never on load),
 * off in Settings. While Parley is open in the background the page shows its reminders itself;
 * while it is closed the relay pushes them (Web Push) to the subscription made here.
 */
export class ReminderNotifications {
  private pushedNow = false;

  constructor(private readonly d: NotificationsDeps) {}

  /** Where things stand (asks nothing of the user). */
  async state(): Promise<NotificationsState> {
    const permission = this.d.permission();
    if (permission === null || !(await this.d.registration())) return { kind: 'unsupported' };
    if (permission === 'denied') return { kind: 'blocked' };
    if (loadChoice(this.d.storage) !== 'on' || permission !== 'granted') return { kind: 'off' };
    return { kind: 'on', pushed: this.pushedNow };
  }

  /**
   * Whether to offer notifications now, after a reminder was set: the user never chose, and
   * the browser has not refused them (granted already, "Turn on" asks nothing).
   */
  offerable(): boolean {
    const permission = this.d.permission();
    return loadChoice(this.d.storage) === null && permission !== null && permission !== 'denied';
  }

  /** The offer declined: it is not made again (Settings still turns them on). */
  notNow(): void {
    saveChoice(this.d.storage, 'not-now');
  }

  /**
   * Asks the browser's permission (call it from the user's click), then subscribes this
   * browser to the relay's pushes. On even when the push service cannot be reached: the page
   * still notifies while it is open in the background (`pushed` false).
   */
  async turnOn(): Promise<NotificationsState> {
    if (this.d.permission() === null) return { kind: 'unsupported' };
    const permission = await this.d.requestPermission();
    if (permission === 'denied') return { kind: 'blocked' };
    if (permission !== 'granted') return { kind: 'off' };
    saveChoice(this.d.storage, 'on');
    await this.subscribe();
    return this.state();
  }

  /** Off in this browser: the relay forgets its subscription, and the page shows none. */
  async turnOff(): Promise<NotificationsState> {
    saveChoice(this.d.storage, 'off');
    this.pushedNow = false;
    const sub = await (await this.d.registration())?.pushManager.getSubscription();
    if (sub) {
      await this.d.relay.forget(sub.endpoint).catch(() => undefined);
      await sub.unsubscribe().catch(() => false);
    }
    return this.state();
  }

  /**
   * On a page's start, with notifications on: hands the relay this browser's subscription
   * again (a browser may have renewed it; another user may have signed in here). Asks nothing.
   */
  async refresh(): Promise<void> {
    if (loadChoice(this.d.storage) !== 'on' || this.d.permission() !== 'granted') return;
    await this.subscribe();
  }

  /**
   * A reminder rang on this page: shown as a notification too when the page is out of sight
   * (under the reminder's tag, so a push of it replaces it rather than adding one).
   */
  async ringing(reminder: ReminderItem): Promise<void> {
    if (!this.d.hidden() || loadChoice(this.d.storage) !== 'on') return;
    if (this.d.permission() !== 'granted') return;
    const registration = await this.d.registration();
    const alert = reminderAlert(currentIntl(), reminder, this.d.now());
    await registration?.showNotification(alert.title, alert.options);
  }

  private async subscribe(): Promise<void> {
    this.pushedNow = false;
    const registration = await this.d.registration();
    const key = await this.d.relay.key().catch(() => null);
    if (!registration || key === null) return;
    try {
      const existing = await registration.pushManager.getSubscription();
      const sub =
        existing ??
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: key,
        }));
      const json = sub.toJSON();
      await this.d.relay.save({
        endpoint: sub.endpoint,
        keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
      });
      this.pushedNow = true;
    } catch {
      // No push service reachable (or the relay refused it): notifications while Parley is
      // open in the background only, as state() says.
    }
  }
}
