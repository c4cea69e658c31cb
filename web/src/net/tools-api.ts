import { noteList, reminderList, type NoteList, type ReminderList } from '@parley/shared';
import { callApi, callApiBytes, required } from './api.ts';

/** The user's pending reminders, soonest first. */
export function listReminders(signal?: AbortSignal): Promise<ReminderList> {
  return required(callApi('GET', '/api/reminders', reminderList, { signal }));
}

/** Cancels one of the user's reminders. */
export async function cancelReminder(id: string): Promise<void> {
  await callApi('DELETE', `/api/reminders/${encodeURIComponent(id)}`, null);
}

/** A due reminder said in the user's voice: WAV. */
export function fetchReminderSpeech(id: string, signal?: AbortSignal): Promise<ArrayBuffer> {
  return callApiBytes('POST', `/api/reminders/${encodeURIComponent(id)}/speech`, { signal });
}

/** What the assistant remembers for the user, newest first. */
export function listNotes(signal?: AbortSignal): Promise<NoteList> {
  return required(callApi('GET', '/api/notes', noteList, { signal }));
}

/** Forgets one of the user's notes. */
export async function deleteNote(id: string): Promise<void> {
  await callApi('DELETE', `/api/notes/${encodeURIComponent(id)}`, null);
}
