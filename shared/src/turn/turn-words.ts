/**
 * What the words heard so far say about whether the user has finished: pure rules on the last
 * word or two, no model (the trained turn detectors' weights are not available to us, and these
 * rules cover the pauses people make most: before the object of a preposition, after a
 * conjunction or an article, in a filler, inside a number).
 *
 * Why the last words: a speaker who pauses mid-sentence almost always does so at a point where
 * the grammar still owes something ("book a table for … two", "I want to … ", "and … "); a
 * finished question or statement ends on a content word. The first word adds whether the
 * complete form is a question (for the reason shown), never whether it is complete.
 */

/** Words after which the sentence almost always goes on. */
const CONTINUES: ReadonlyMap<string, string> = new Map([
  // Conjunctions
  ...words(
    'conjunction',
    'and but or nor so because since although though unless until while whereas if than whether',
  ),
  // Prepositions
  ...words(
    'preposition',
    'to for with at in on of from about into onto by like as over under between after before during through without within near per via towards toward against among',
  ),
  // Articles and determiners
  ...words('article', 'a an the my your his her its our their some any every each another whose'),
  // Fillers
  ...words('filler', "um umm uh uhh er erm hmm mm ah eh 'em"),
  // Auxiliaries and verbs that take what follows
  ...words(
    'verb',
    "is are was were am be been being can could will would shall should may might must want wanna gonna need let let's",
  ),
  // Pronouns that start a clause
  ...words('pronoun', "i i'm i'd i'll i've we're you're it's they're there's that's"),
  // Adverbs and question words that lead into more
  ...words('lead-in', 'what when where who why how very really just also then not'),
]);

/** A number word that usually continues ("twenty … five", "one hundred … and", "point … five"). */
const NUMBER_CONTINUES = new Set(
  'twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion point'.split(
    ' ',
  ),
);

/** Two-word endings that owe a continuation although their last word alone does not. */
const PAIRS_CONTINUE = new Set([
  'kind of',
  'sort of',
  'such as',
  'how about',
  'what about',
  'tell me',
  'give me',
  'show me',
  'remind me',
  'let me',
  'let us',
  'can you',
  'could you',
  'would you',
  'will you',
  'do you',
]);

/** Forms of 'be' before a clause ("the point is that …"). */
const COPULAS = new Set(['is', 'was', 'are', 'were']);

/**
 * One word that is a whole turn. Goodbye as recognisers write it: Moonshine's "Good-bye." and
 * "Good-by," are one word each here (a hyphen joins).
 */
const WHOLE_WORDS = new Set(
  'yes yeah yep no nope okay ok sure thanks hello hi hey bye goodbye good-bye goodby good-by bye-bye stop continue please right correct exactly great perfect fine'.split(
    ' ',
  ),
);

/** First words of a question. */
const QUESTION_STARTS = new Set(
  'what when where who whom whose why how which is are was were do does did can could will would should shall may might have has had am'.split(
    ' ',
  ),
);

function words(kind: string, list: string): [string, string][] {
  return list.split(' ').map((w) => [w, kind]);
}

/** Whether the words so far form a finished turn, and why (for the latency panel). */
export type WordsVerdict =
  | { kind: 'complete'; reason: string }
  | { kind: 'incomplete'; reason: string }
  | { kind: 'unknown'; reason: string };

/** The words of a transcript, lower case, without punctuation (apostrophes kept). */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\s-]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && w !== "'");
}

/** Judges the words heard up to a pause (see the module's comment for the rules). */
export function judgeWords(text: string): WordsVerdict {
  const w = wordsOf(text);
  const last = w.at(-1);
  if (last === undefined) return { kind: 'unknown', reason: 'no words yet' };
  const pair = w.slice(-2).join(' ');
  if (w.length >= 2 && PAIRS_CONTINUE.has(pair))
    return { kind: 'incomplete', reason: `trailing '${pair}'` };
  const first = w[0] ?? '';
  const question = QUESTION_STARTS.has(first);
  // "the problem is that …": in a statement, 'that' after a form of 'be' opens a clause (in a
  // question it is the thing asked about: "what is that", "is that").
  if (last === 'that' && !question && COPULAS.has(w.at(-2) ?? ''))
    return { kind: 'incomplete', reason: `trailing '${pair}'` };
  const role = CONTINUES.get(last);
  if (role) return { kind: 'incomplete', reason: `trailing ${role} '${last}'` };
  if (NUMBER_CONTINUES.has(last)) return { kind: 'incomplete', reason: `number '${last}' goes on` };
  if (w.length === 1)
    return WHOLE_WORDS.has(last)
      ? { kind: 'complete', reason: `one-word answer '${last}'` }
      : { kind: 'unknown', reason: `one word '${last}'` };
  return question
    ? { kind: 'complete', reason: 'complete question' }
    : { kind: 'complete', reason: 'complete statement' };
}

/** Question words that stand for what is asked ("what time is it": the time). */
const WH_WORDS = new Set('what when where who whom whose why how which'.split(' '));

/** Subjects that close a question after a form of 'be' ("… is it", "… are you"). */
const SUBJECT_PRONOUNS = new Set(['it', 'you', 'he', 'she', 'we', 'they']);

/**
 * Whether the closed reading of a pause hears out the last word its running hypothesis had
 * not: the same words, but the hypothesis ends on 'a' where the closed reading has a subject
 * pronoun after a form of 'be', closing a question about something named ("what time is a" →
 * "what time is it", "how old is a" → "how old is she"). The running search takes a short last
 * word for 'a' until ~200 ms of silence have followed it, but the relay closes the words ~100 ms
 * in; the closed reading, scored whole, hears it at once. Then the question owes nothing: its
 * question word stands for what is asked. Anywhere else a closed reading that completes what the
 * hypothesis leaves open may be the final pass leaning to a sentence's end ("opening hours of
 * the" closed as "… of it"), and the hypothesis stands. Not "what is a" (no thing named): a
 * pause there ("what is a … quasar") is a question going on.
 */
export function closedHearsLastWord(hypothesis: string, closed: string): boolean {
  const h = wordsOf(hypothesis);
  const c = wordsOf(closed);
  if (c.length < 4 || h.length !== c.length || h.at(-1) !== 'a') return false;
  if (h.slice(0, -1).some((w, i) => w !== c[i])) return false;
  return (
    WH_WORDS.has(c[0] ?? '') && COPULAS.has(c.at(-2) ?? '') && SUBJECT_PRONOUNS.has(c.at(-1) ?? '')
  );
}
