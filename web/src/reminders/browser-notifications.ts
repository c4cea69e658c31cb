import type { ReminderItem } from '@parley/shared';
import { fetchPushKey, forgetSubscription, saveSubscription } from '../net/push-api.ts';
import type { ChoiceStorage } from './notification-choice.ts';
import { reminderPosted } from './pushed-reminder.ts';
import { ReminderNotifications } from './reminder-notifications.ts';
import { activeRegistration } from './worker-registration.ts';

function localStore(): ChoiceStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

let page: ReminderNotifications | null = null;

/** Reminders as notifications in this browser: one per page, made when first asked for. */
export function pageNotifications(): ReminderNotifications {
  page ??= browserReminderNotifications();
  return page;
}

function browserReminderNotifications(): ReminderNotifications {
  return new ReminderNotifications({
    storage: localStore(),
    permission: () => (typeof Notification === 'undefined' ? null : Notification.permission),
    requestPermission: () => Notification.requestPermission(),
    registration: () =>
      activeRegistration('serviceWorker' in navigator ? navigator.serviceWorker : undefined),
    relay: { key: fetchPushKey, save: saveSubscription, forget: forgetSubscription },
    hidden: () => document.visibilityState === 'hidden',
    now: () => Date.now(),
  });
}

/** Calls `onReminder` with each reminder the service worker posts to this page (a push). */
export function listenForPushedReminders(onReminder: (reminder: ReminderItem) => void): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event) => {
    const reminder = reminderPosted(event.data);
    if (reminder) onReminder(reminder);
  });
}
