/**
 * What the relay says itself when it asks for a yes before a tool changes something (issue 60):
 * one table per language (English now), so the words are data and a language is one more table.
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
  /** A value said in quotes. */
  quoted(value: string): string;
  /** "a, b and c". */
  list(items: readonly string[]): string;
}

const en: ConfirmationLines = {
  question: (actions) => `Shall I ${en.list(actions)}?`,
  askAgain: (question) => `Sorry, I need a plain yes or no. ${question}`,
  staleTap: (question) => `That answer was for an earlier question. ${question}`,
  closedTap: 'That question was already closed, so I did nothing.',
  plainAction: (name, args) => {
    const what = spokenName(name);
    if (args.length === 0) return `use ${what}`;
    return `use ${what} with ${en.list(args.map(([key, value]) => `${spokenName(key)} ${value}`))}`;
  },
  quoted: (value) => `'${value}'`,
  list: (items) =>
    items.length <= 1
      ? (items[0] ?? '')
      : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`,
};

/** The tables, by a language's primary subtag. */
const LINES: Readonly<Record<string, ConfirmationLines>> = { en };

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
