import type { ChatMessage } from '../../types.ts';
import { describeDelay } from '../../../tools/builtin/durations.ts';
import { noteRequest, reminderRequest, secondPerson, type ReminderRequest } from './requests.ts';

/**
 * Something the responder would do that changes what is kept (a reminder set, a note saved):
 * never done on the words alone, but asked first ("Shall I…?"), and done on a "yes".
 */
export type Proposal =
  | { kind: 'reminder'; request: ReminderRequest; question: string }
  | { kind: 'note'; text: string; question: string };

/** What `said` asks to be done that needs the user's yes first, with the question; or null. Pure. */
export function proposalFor(said: string): Proposal | null {
  const reminder = reminderRequest(said);
  if (reminder) {
    const delay = describeDelay(reminder.delaySeconds * 1000);
    const question = reminder.timer
      ? `Shall I set a timer for ${delay}?`
      : `Shall I remind you in ${delay} to ${secondPerson(reminder.text)}?`;
    return { kind: 'reminder', request: reminder, question };
  }
  const note = noteRequest(said);
  if (note) {
    const about = secondPerson(note);
    return {
      kind: 'note',
      text: note,
      question: `Shall I remember that ${about.charAt(0).toLowerCase()}${about.slice(1)}?`,
    };
  }
  return null;
}

/**
 * The proposal the responder's last reply asked the user to confirm, which the user's newest
 * words answer; null when its last reply asked nothing. Read from the conversation itself (the
 * responder keeps no state): the user's words before, and the question as they heard it — a
 * question they cut short, even before its first word, still counts. Pure.
 */
export function awaitingConfirmation(history: readonly ChatMessage[]): Proposal | null {
  const last = history.length - 1;
  const asked = history[last - 1];
  const before = history[last - 2];
  if (history[last]?.role !== 'user' || asked?.role !== 'assistant' || before?.role !== 'user')
    return null;
  const proposal = proposalFor(before.content);
  if (!proposal) return null;
  // A reply cut short keeps what the user heard of it, ending with a dash; typed over before a
  // word was heard, nothing — but the page showed the question: its start is enough.
  const heard = asked.content.trim().replace(/[\s—–-]+$/, '');
  return proposal.question.startsWith(heard) ? proposal : null;
}
