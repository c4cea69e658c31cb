import { shortened } from '../confirmation.ts';
import { validTimeZone } from './time-zone.ts';
import { describeDelay, describeMoment } from './durations.ts';
import type { BuiltinToolWords, DueWhen, Moment } from './tool-words-shape.ts';

/** First-person words and what they become said back (English). */
const SWAPS: Readonly<Record<string, string>> = {
  i: 'you',
  "i'm": "you're",
  "i've": "you've",
  "i'll": "you'll",
  "i'd": "you'd",
  me: 'you',
  my: 'your',
  mine: 'yours',
  myself: 'yourself',
};

function yourWords(text: string): string {
  return text
    .replace(/\bI am\b/gi, 'you are')
    .replace(/\b(i'm|i've|i'll|i'd|i|me|my|mine|myself)\b/gi, (word) => {
      const swapped = SWAPS[word.toLowerCase()] ?? word;
      // "My" starts a sentence; "I" is upper case wherever it stands.
      return /^M/.test(word) ? swapped.charAt(0).toUpperCase() + swapped.slice(1) : swapped;
    });
}

/** `text` to go on a sentence: its first letter lower case (but "I"). */
function onward(text: string): string {
  return /^I\b/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

/** `text` quoted in a question, shortened in the middle when long. */
const q = (text: string) => `'${shortened(text)}'`;

/** Words a call names its item by ("with the words 'Anna'", "with the id 3"). */
function described(meant: { words?: string; id?: string }): string {
  if (meant.words !== undefined) return `with the words ${q(meant.words)}`;
  return meant.id === undefined ? '' : `with the id ${q(meant.id)}`;
}

const moment = (m: Moment) => describeMoment(m.atMs, m.nowMs, m.timeZone);

/** "in 10 minutes", "at 2:17 PM", "on Monday, 9:00 AM". */
function when(due: DueWhen): string {
  if (due.kind === 'in') return `in ${describeDelay(due.delayMs)}`;
  if (due.kind === 'said') return `at '${due.text}'`;
  const said = moment(due);
  return said.includes(',') ? `on ${said}` : `at ${said}`;
}

/** "1 note", "3 notes", "no notes". */
const count = (n: number, one: string) =>
  n === 0 ? `no ${one}s` : `${n} ${one}${n === 1 ? '' : 's'}`;

/** English. */
export const ENGLISH_TOOL_WORDS: BuiltinToolWords = {
  language: 'en',
  yourWords,
  saveNote: {
    action: (text) => `remember that ${onward(yourWords(shortened(text)))}`,
    done: (text) => `Note saved: ${text}`,
  },
  deleteNote: {
    action: (meant) =>
      'text' in meant ? `forget the note ${q(meant.text)}` : `forget the note ${described(meant)}`,
    done: (text) => `Deleted the note: ${text}`,
  },
  setReminder: {
    action: (due, text) => `remind you ${when(due)} to ${onward(yourWords(shortened(text)))}`,
    timerAction: (delayMs) => `set a timer for ${describeDelay(delayMs)}`,
    done: (due, text) => `Reminder set for ${moment(due)}: ${text}`,
    timerDone: (due) => `Timer set: it rings at ${moment(due)}`,
  },
  cancelReminder: {
    action: (meant) =>
      'text' in meant
        ? `cancel the reminder ${q(meant.text)} (${moment(meant.due)})`
        : `cancel the reminder ${described(meant)}`,
    done: (text) => `Cancelled the reminder: ${text}`,
  },
  notes: (n) => count(n, 'note'),
  reminders: (n) => count(n, 'reminder'),
  clock: ({ atMs, timeZone }) => {
    const zone = validTimeZone(timeZone);
    const zoned = zone === undefined ? {} : { timeZone: zone };
    const time = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', ...zoned });
    const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'full', ...zoned });
    return `${time.format(atMs)}, ${date.format(atMs)}`;
  },
};
