import { shortened } from '../confirmation.ts';
import { validTimeZone } from './time-zone.ts';
import { dutchYourWords, verbLast } from './dutch-clauses.ts';
import { dutchDelay, dutchMoment } from './dutch-moments.ts';
import type { BuiltinToolWords, DueWhen, Moment } from './tool-words-shape.ts';

/** `text` to go on a sentence: its first letter lower case (but a name's: "Anna", "NS"). */
function onward(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) && /^(Je|Jouw|Mijn|De|Het|Een|Dat|Die|Dit|Om)\b/.test(text)
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;
}

/** `text` quoted in a question, shortened in the middle when long. */
const q = (text: string) => `'${shortened(text)}'`;

/** Words a call names its item by ("met de woorden 'Anna'", "met het id 3"). */
function described(meant: { words?: string; id?: string }): string {
  if (meant.words !== undefined) return ` met de woorden ${q(meant.words)}`;
  return meant.id === undefined ? '' : ` met het id ${q(meant.id)}`;
}

/** "14:17" today, "maandag 9:00" another day: a moment as it stands after "voor". */
const bare = (m: Moment) => dutchMoment(m.atMs, m.nowMs, m.timeZone).replace(/(^| )om /, '$1');

/** "over 10 minuten", "om 14:17", "maandag om 9:00". */
function when(due: DueWhen): string {
  if (due.kind === 'in') return `over ${dutchDelay(due.delayMs)}`;
  if (due.kind === 'said') return `om '${due.text}'`;
  return dutchMoment(due.atMs, due.nowMs, due.timeZone);
}

/** What the user asked to be reminded of, said back: "aan de was", "aan je zus bellen". */
const about = (text: string) => onward(dutchYourWords(shortened(text)));

const plural = new Intl.PluralRules('nl');
const count = (n: number, one: string, other: string) =>
  n === 0 ? `geen ${other}` : `${n} ${plural.select(n) === 'one' ? one : other}`;

/**
 * Dutch. A fact to remember is said in a "dat" clause, whose verb goes last ("onthouden dat je
 * zus Anna heet"); the question's own verb goes last too ("Zal ik je over 10 minuten herinneren
 * aan de was?").
 */
export const DUTCH_TOOL_WORDS: BuiltinToolWords = {
  language: 'nl',
  yourWords: dutchYourWords,
  saveNote: {
    action: (text) => `onthouden dat ${verbLast(onward(dutchYourWords(shortened(text))))}`,
    done: (text) => `Notitie opgeslagen: ${text}`,
  },
  deleteNote: {
    action: (meant) =>
      'text' in meant
        ? `de notitie ${q(meant.text)} vergeten`
        : `de notitie${described(meant)} vergeten`,
    done: (text) => `Notitie verwijderd: ${text}`,
  },
  setReminder: {
    action: (due, text) => `je ${when(due)} herinneren aan ${about(text)}`,
    timerAction: (delayMs) => `een timer zetten op ${dutchDelay(delayMs)}`,
    done: (due, text) => `Herinnering gezet voor ${bare(due)}: ${text}`,
    timerDone: (due) =>
      `Timer gezet: hij gaat af ${dutchMoment(due.atMs, due.nowMs, due.timeZone)}`,
  },
  cancelReminder: {
    action: (meant) =>
      'text' in meant
        ? `de herinnering ${q(meant.text)} (${bare(meant.due)}) annuleren`
        : `de herinnering${described(meant)} annuleren`,
    done: (text) => `Herinnering geannuleerd: ${text}`,
  },
  notes: (n) => count(n, 'notitie', 'notities'),
  reminders: (n) => count(n, 'herinnering', 'herinneringen'),
  clock: ({ atMs, timeZone }) => {
    const zone = validTimeZone(timeZone);
    const zoned = zone === undefined ? {} : { timeZone: zone };
    const time = new Intl.DateTimeFormat('nl-NL', { hour: 'numeric', minute: '2-digit', ...zoned });
    const date = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'full', ...zoned });
    return `${time.format(atMs)}, ${date.format(atMs)}`;
  },
};
