/** The part of `Storage` used here (localStorage; absent where it is forbidden). */
export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * What the user chose for reminders as notifications in this browser: `on`, `off` (turned off
 * in Settings), `not-now` (the offer declined: not offered again), or null (never asked).
 */
export type NotificationChoice = 'on' | 'off' | 'not-now' | null;

const KEY = 'parley.reminderNotifications';

/** The choice remembered in this browser; null when none (or unreadable). */
export function loadChoice(storage: ChoiceStorage | null): NotificationChoice {
  try {
    const v = storage?.getItem(KEY);
    return v === 'on' || v === 'off' || v === 'not-now' ? v : null;
  } catch {
    return null;
  }
}

/** Remembers `choice`; a storage that refuses only costs the memory. */
export function saveChoice(
  storage: ChoiceStorage | null,
  choice: Exclude<NotificationChoice, null>,
) {
  try {
    storage?.setItem(KEY, choice);
  } catch {
    // The choice holds for this page.
  }
}
