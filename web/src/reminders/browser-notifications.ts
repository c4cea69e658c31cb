import type { ReminderItem } from '@parley/shared';
import { fetchPushKey, forgetSubscription, saveSubscription } from '../net/push-api.ts';
import type { ChoiceStorage } from './notification-choice.ts';
import { reminderPosted } from './pushed-reminder.ts';
import { ReminderNotifications } from './reminder-notifications.ts';

/** Longest wait for the service worker to be active before notifying without it (ms). */
const WORKER_WAIT_MS = 5_000;

function localStore(): ChoiceStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The service worker's registration once it is active; null where there is none. */
async function activeRegistration(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) return null;
  if (registration.active) return registration;
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), WORKER_WAIT_MS));
  return Promise.race([navigator.serviceWorker.ready, timeout]);
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
    registration: activeRegistration,
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
