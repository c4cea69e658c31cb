import { shortened } from '../confirmation.ts';

/**
 * What the built-in tools say to people (issue 65): the rest of "Shall I …?" for each one that
 * changes something, and the line the transcript shows once it is done ("Reminder set for 2:17
 * PM: stretch"). One table per language; English now.
 */
export interface BuiltinToolWords {
  /** What the user said of themselves, said back to them: "my sister" → "your sister". */
  yourWords(text: string): string;
  saveNote: { action(text: string): string; done(text: string): string };
  deleteNote: {
    /** The note meant, found (`text`), or only described by the call (`words`, `id`). */
    action(meant: { text: string } | { words?: string; id?: string }): string;
    done(text: string): string;
  };
  setReminder: {
    /** `when` as said: "in 10 minutes", "at 2:17 PM", "on Monday, 9:00 AM". */
    action(when: string, text: string): string;
    timerAction(delay: string): string;
    done(due: string, text: string): string;
    timerDone(due: string): string;
  };
  cancelReminder: {
    action(meant: { text: string; due: string } | { words?: string; id?: string }): string;
    done(text: string): string;
  };
}

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

const en: BuiltinToolWords = {
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
    action: (when, text) => `remind you ${when} to ${onward(yourWords(shortened(text)))}`,
    timerAction: (delay) => `set a timer for ${delay}`,
    done: (due, text) => `Reminder set for ${due}: ${text}`,
    timerDone: (due) => `Timer set: it rings at ${due}`,
  },
  cancelReminder: {
    action: (meant) =>
      'text' in meant
        ? `cancel the reminder ${q(meant.text)} (${meant.due})`
        : `cancel the reminder ${described(meant)}`,
    done: (text) => `Cancelled the reminder: ${text}`,
  },
};

/** The built-in tools' words in `language` (BCP 47); English where there is no table. */
export function builtinToolWords(language = 'en'): BuiltinToolWords {
  const tables: Readonly<Record<string, BuiltinToolWords>> = { en };
  return tables[language.split('-')[0]?.toLowerCase() ?? 'en'] ?? en;
}
