import { pushMessage, type ReminderItem } from '@parley/shared';
import type { IntlShape } from 'react-intl';
import { reminderAlert, type ReminderAlert } from './reminder-alert.ts';

/** A window of the app as the service worker sees it (`WindowClient`). */
export interface AppWindow {
  focused: boolean;
}

/** What the service worker does with a push. */
export interface PushedReminder {
  reminder: ReminderItem;
  /**
   * The system notification to show; null when a window of the app has the focus: the user is
   * looking at it, and it shows the reminder itself.
   */
  alert: ReminderAlert | null;
}

/**
 * The service worker's reading of a push (its decrypted text, `windows` the app's open
 * windows), pure: the reminder it carries, and whether to show it as a notification; null for
 * a push it does not understand (from a newer relay). The notification is worded by `intl` (the
 * browser's language: a service worker cannot read the page's).
 */
export function pushedReminder(
  intl: IntlShape,
  text: string,
  windows: readonly AppWindow[],
  nowMs: number,
): PushedReminder | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = pushMessage.safeParse(json);
  if (!parsed.success) return null;
  const { reminder } = parsed.data;
  return {
    reminder,
    alert: windows.some((w) => w.focused) ? null : reminderAlert(intl, reminder, nowMs),
  };
}

/** What the service worker posts to the app's windows: a reminder pushed to this browser. */
export interface PushedToPage {
  type: 'parley.reminder';
  reminder: ReminderItem;
}

/** The reminder a message from the service worker carries, or null. Pure. */
export function reminderPosted(data: unknown): ReminderItem | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Partial<PushedToPage>;
  if (m.type !== 'parley.reminder') return null;
  const parsed = pushMessage.safeParse({ type: 'reminder', reminder: m.reminder });
  return parsed.success ? parsed.data.reminder : null;
}
