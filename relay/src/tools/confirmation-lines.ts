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
  /**
   * A tool's title said as its name ("use 'Echo Tool'"): one in another language, or one that
   * does not read as something to do.
   */
  namedAction(title: string, args: readonly [key: string, value: string][]): string;
  /**
   * Whether a title in this language reads as something to do, to go on "Shall I …?" ("Cancel
   * subscription", "Je abonnement opzeggen"), rather than as a name ("Echo Tool").
   */
  readsAsAction(title: string): boolean;
  /** A value said in quotes. */
  quoted(value: string): string;
  /** "a, b and c". */
  list(items: readonly string[]): string;
}

/** "key value" pairs as said, keys spoken ("plan id 'basic'"). */
const pairs = (args: readonly [key: string, value: string][]) =>
  args.map(([key, value]) => `${spokenName(key)} ${value}`);

/** Verbs an English title starts with when it says what the tool does ("Cancel subscription"). */
const ENGLISH_ACTION_VERBS: ReadonlySet<string> = new Set(
  `add append approve archive assign book buy call cancel change charge clear close complete
  create decline delete deploy disable dismiss edit empty enable end forward grant invite issue
  launch lock log mark merge move open order pay place post publish purchase put rate record
  refund reject remove rename renew reply request reschedule reserve reset restart restore
  revoke run save schedule send set share sign start stop submit subscribe switch tag toggle
  transfer trigger turn unlock unsubscribe update upgrade upload withdraw write`.split(/\s+/),
);

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
  readsAsAction: (title) => {
    const words = title.trim().toLowerCase().split(/\s+/);
    return !/^tool$/.test(words.at(-1) ?? '') && ENGLISH_ACTION_VERBS.has(words[0] ?? '');
  },
  quoted: (value) => `'${value}'`,
  list: (items) =>
    items.length <= 1
      ? (items[0] ?? '')
      : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`,
};

const dutchList = new Intl.ListFormat('nl', { type: 'conjunction' });

/** Last words of Dutch titles that end like an infinitive and are none ("Alle betalingen"). */
const DUTCH_NOT_VERBS: ReadonlySet<string> = new Set(
  `betalingen rekeningen gegevens instellingen berichten afspraken bestellingen facturen
  herinneringen notities abonnementen klanten producten kosten regen keuken tuinen`.split(/\s+/),
);

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
  // A Dutch action ends on its verb, an infinitive: "je abonnement opzeggen", "geld overmaken".
  readsAsAction: (title) => {
    const last = title.trim().toLowerCase().split(/\s+/).at(-1) ?? '';
    return /^\p{L}{3,}en$/u.test(last) && !DUTCH_NOT_VERBS.has(last);
  },
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
