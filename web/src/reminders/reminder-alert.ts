import type { ReminderItem } from '@parley/shared';
import type { IntlShape } from 'react-intl';
import { lateNote } from './late-note.ts';

/** A system notification of a reminder, as `registration.showNotification` takes it. */
export interface ReminderAlert {
  title: string;
  options: {
    body: string;
    /** One notification per reminder: the page's and the push's replace each other. */
    tag: string;
    icon: string;
    data: { reminderId: string };
  };
}

/** The tag of reminder `id`'s notification. */
export function reminderTag(id: string): string {
  return `reminder-${id}`;
}

/**
 * The notification of `reminder` shown at `shownAt` (epoch ms): its words, and when it was
 * due if that is a while ago. The service worker (a push) and the page (in the background)
 * both show it so, under one tag. Pure.
 */
export function reminderAlert(
  intl: IntlShape,
  reminder: ReminderItem,
  shownAt: number,
  timeZone?: string,
): ReminderAlert {
  const late = lateNote(intl, reminder.dueAt, shownAt, timeZone);
  return {
    title: intl.formatMessage({ id: 'reminder.title' }, { text: reminder.text }),
    options: {
      body: late ?? 'Parley',
      tag: reminderTag(reminder.id),
      icon: '/icons/icon-192.png',
      data: { reminderId: reminder.id },
    },
  };
}
