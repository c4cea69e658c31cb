/**
 * What the relay says itself when it asks for a yes before a tool changes something (issues 60,
 * 62): one table per language, so the words are data and a language is one more table.
 */
export interface ConfirmationLines {
  /** "Shall I add 'milk' to your list and set a timer for 10 minutes?" */
  question(actions: readonly string[]): string;
  /** Said when the answer was neither a yes nor a no: the same question, plainly again. */
  askAgain(question: string): string;
  /** A tapped answer to a question no longer open, while another one is. */
  staleTap(question: string): string;
  /** A tapped answer to a question no longer open, with none open now. */
  closedTap: string;
  /** What a call without words of its own does: "use transfer with memo 'rent', to 'NL…'". */
  plainAction(name: string, args: readonly [key: string, value: string][]): string;
  /**
   * What a call of a tool with a title (an MCP tool's, in this language) does: the title as a
   * verb phrase, with its arguments ("cancel subscription with plan 'basic'", "je abonnement
   * opzeggen met plan 'basic'").
   */
  titledAction(title: string, args: readonly [key: string, value: string][]): string;
  /** A tool's title in another language, said as its name ("use 'Abonnement opzeggen'"). */
  namedAction(title: string, args: readonly [key: string, value: string][]): string;
  /** A value said in quotes. */
  quoted(value: string): string;
  /** "a, b and c". */
  list(items: readonly string[]): string;
}

/** "key value" pairs as said, keys spoken ("plan id 'basic'"). */
const pairs = (args: readonly [key: string, value: string][]) =>
  args.map(([key, value]) => `${spokenName(key)} ${value}`);

const en: ConfirmationLines = {
  question: (actions) => `Shall I ${en.list(actions)}?`,
  askAgain: (question) => `Sorry, I need a plain yes or no. ${question}`,
  staleTap: (question) => `That answer was for an earlier question. ${question}`,
  closedTap: 'That question was already closed, so I did nothing.',
  plainAction: (name, args) => {
    const what = spokenName(name);
    if (args.length === 0) return `use ${what}`;
    return `use ${what} with ${en.list(pairs(args))}`;
  },
  titledAction: (title, args) =>
    args.length === 0 ? asPhrase(title) : `${asPhrase(title)} with ${en.list(pairs(args))}`,
  namedAction: (title, args) =>
    args.length === 0
      ? `use ${en.quoted(title)}`
      : `use ${en.quoted(title)} with ${en.list(pairs(args))}`,
  quoted: (value) => `'${value}'`,
  list: (items) =>
    items.length <= 1
      ? (items[0] ?? '')
      : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`,
};

const dutchList = new Intl.ListFormat('nl', { type: 'conjunction' });

/** Dutch: the question's verb goes last ("Zal ik parcel cancel subscription gebruiken?"). */
const nl: ConfirmationLines = {
  question: (actions) => `Zal ik ${nl.list(actions)}?`,
  askAgain: (question) => `Sorry, ik heb een duidelijk ja of nee nodig. ${question}`,
  staleTap: (question) => `Dat antwoord hoorde bij een eerdere vraag. ${question}`,
  closedTap: 'Die vraag was al gesloten, dus ik heb niets gedaan.',
  plainAction: (name, args) => {
    const what = spokenName(name);
    if (args.length === 0) return `${what} gebruiken`;
    return `${what} gebruiken met ${nl.list(pairs(args))}`;
  },
  titledAction: (title, args) =>
    args.length === 0 ? asPhrase(title) : `${asPhrase(title)} met ${nl.list(pairs(args))}`,
  namedAction: (title, args) =>
    args.length === 0
      ? `${nl.quoted(title)} gebruiken`
      : `${nl.quoted(title)} gebruiken met ${nl.list(pairs(args))}`,
  quoted: (value) => `'${value}'`,
  list: (items) => dutchList.format(items),
};

/** The tables, by a language's primary subtag. */
const LINES: Readonly<Record<string, ConfirmationLines>> = { en, nl };

/** The lines in `language` (BCP 47); English where there is no table. */
export function confirmationLines(language = 'en'): ConfirmationLines {
  return LINES[language.split('-')[0]?.toLowerCase() ?? 'en'] ?? en;
}

/** "add_to_list", "setTimer", "send-email" as said: "add to list", "set timer", "send email". */
export function spokenName(name: string): string {
  return name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
}

/**
 * A title as it goes on "Shall I …?": its first letter lower case ("Cancel subscription" →
 * "cancel subscription"), but an acronym's ("SMS versturen"), and no closing stop.
 */
export function asPhrase(title: string): string {
  const t = title.trim().replace(/[.!?]+$/, '');
  return /^\p{Lu}\p{Ll}/u.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t;
}
