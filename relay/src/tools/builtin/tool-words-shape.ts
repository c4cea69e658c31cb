/** A moment as a tool's words say it: when (epoch ms), from when, in which IANA zone. */
export interface Moment {
  atMs: number;
  nowMs: number;
  /** The user's zone; absent or unknown: the relay's. */
  timeZone?: string;
}

/** When a reminder asked for would be due, as its call gives it. */
export type DueWhen =
  | { kind: 'in'; delayMs: number }
  | ({ kind: 'at' } & Moment)
  /** A time that is no time, said as given (the run refuses it). */
  | { kind: 'said'; text: string };

/**
 * What the built-in tools say to people (issues 65, 62): the rest of "Shall I …?" for each one
 * that changes something, and the line the transcript and the tool rows show once it ran
 * ("Reminder set for 2:17 PM: stretch"). One table per language; times, dates and durations
 * through `Intl` in that language. What the model reads stays English (it reads any language).
 */
export interface BuiltinToolWords {
  /** A BCP 47 primary subtag: the table's language. */
  readonly language: string;
  /** What the user said of themselves, said back to them: "my sister" → "your sister". */
  yourWords(text: string): string;
  saveNote: { action(text: string): string; done(text: string): string };
  deleteNote: {
    /** The note meant, found (`text`), or only described by the call (`words`, `id`). */
    action(meant: { text: string } | { words?: string; id?: string }): string;
    done(text: string): string;
  };
  setReminder: {
    action(when: DueWhen, text: string): string;
    timerAction(delayMs: number): string;
    done(due: Moment, text: string): string;
    timerDone(due: Moment): string;
  };
  cancelReminder: {
    action(meant: { text: string; due: Moment } | { words?: string; id?: string }): string;
    done(text: string): string;
  };
  /** "3 notes", "no notes". */
  notes(n: number): string;
  /** "1 reminder", "no reminders". */
  reminders(n: number): string;
  /** The time and the date `current_time` read, as the tool row shows them. */
  clock(at: Moment): string;
}
