/**
 * What counts as a yes, and what as a no, to a question the assistant asked before it changes
 * something ("Shall I delete the note 'banana bread'?"): one table per language, read by the
 * relay's confirmation, the offline responder and the clients' end of turn alike (issue 60).
 *
 * A yes is a short answer that is only a yes — "yes", "yeah go ahead", "sure, thanks", "do it"
 * — with at most a polite word besides. Anything more ("sure but only the banana one", "ok what
 * time is it", "right which note is that", "alright hmm let me think") is not a yes: the
 * assistant asks again. A no word anywhere ("yes — no, wait") is a no: declining never changes
 * anything, so doubt goes that way.
 */

/** The words of one language. Phrases are lower case, words apart by single spaces. */
export interface YesNoWords {
  /** Phrases that are a yes, each whole ("go ahead", "do it"). */
  yes: readonly string[];
  /** Phrases that make any answer a no, wherever they stand ("no", "wait", "hold on"). */
  no: readonly string[];
  /** Politeness a yes may carry and still be only a yes ("please", "thanks"). */
  polite: readonly string[];
  /** Most words a yes may have, polite ones included. */
  maxWords: number;
}

/** The tables, by a language's primary subtag. A language not here is read as English. */
export const YES_NO_WORDS: Readonly<Record<string, YesNoWords>> = {
  en: {
    yes: [
      'yes',
      'yeah',
      'yea',
      'yep',
      'yup',
      'aye',
      'sure',
      'ok',
      'okay',
      'alright',
      'all right',
      'please',
      'please do',
      'go ahead',
      'go for it',
      'do it',
      'do that',
      'confirm',
      'confirmed',
      'of course',
      'absolutely',
      'definitely',
      'certainly',
      'correct',
      'right',
      'that is right',
      "that's right",
      'sounds good',
      'fine',
      'yes i do',
    ],
    no: [
      'no',
      'nope',
      'nah',
      'not',
      "don't",
      'dont',
      'do not',
      "doesn't",
      "didn't",
      'never',
      'cancel',
      'stop',
      'wait',
      'hold on',
      'hang on',
      'never mind',
      'nevermind',
      'decline',
      'declined',
    ],
    polite: ['please', 'thanks', 'thank you', 'thank you very much', 'thanks a lot', 'cheers'],
    maxWords: 6,
  },
};

/** The user's answer: a yes, a no, or neither (ask again). */
export type YesNo = 'yes' | 'no' | null;

/** The table for `language` (BCP 47; English when it has none). */
export function yesNoWords(language = 'en'): YesNoWords {
  const primary = language.split('-')[0]?.toLowerCase() ?? 'en';
  return YES_NO_WORDS[primary] ?? (YES_NO_WORDS.en as YesNoWords);
}

/** `text`'s words, lower case, without punctuation (apostrophes kept, curly ones made straight). */
function wordsIn(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && w !== "'");
}

/** Whether `phrase` (its words) stands in `words` at `at`. */
function standsAt(words: readonly string[], at: number, phrase: readonly string[]): boolean {
  return phrase.every((w, i) => words[at + i] === w);
}

/** The longest of `phrases` standing at `at` (its length in words), or 0. */
function longestAt(words: readonly string[], at: number, phrases: readonly string[][]): number {
  let best = 0;
  for (const p of phrases) if (p.length > best && standsAt(words, at, p)) best = p.length;
  return best;
}

/**
 * The user's answer to a question awaiting their yes, from their words (typed or heard), in
 * `language`. Pure. See the module's comment for the rule.
 */
export function yesOrNo(text: string, language = 'en'): YesNo {
  const table = yesNoWords(language);
  const words = wordsIn(text);
  const split = (phrases: readonly string[]) => phrases.map((p) => p.split(' '));
  const no = split(table.no);
  if (words.some((_, i) => longestAt(words, i, no) > 0)) return 'no';
  // A question is no answer, even one that starts with a yes ("ok, which one?").
  if (text.includes('?') || words.length === 0 || words.length > table.maxWords) return null;
  const yes = split(table.yes);
  const polite = split(table.polite);
  let saidYes = false;
  for (let i = 0; i < words.length;) {
    const y = longestAt(words, i, yes);
    const p = longestAt(words, i, polite);
    if (y === 0 && p === 0) return null;
    // "please" is both: standing alone it is a yes.
    if (y >= p) saidYes = true;
    i += Math.max(y, p);
  }
  return saidYes ? 'yes' : null;
}
