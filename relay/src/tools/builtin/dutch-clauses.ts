/**
 * What a Dutch speaker said of themselves, said back to them: "mijn zus" → "je zus", "ik ben"
 * → "je bent"; and a fact put in the order a "dat" clause wants ("je zus heet Anna" → "je zus
 * Anna heet"), so "Je zei dat je zus Anna heet." is Dutch whichever way the note was put. Pure.
 */

/** First-person words and what they become said back. */
const SWAPS: Readonly<Record<string, string>> = {
  ik: 'je',
  mijn: 'je',
  "m'n": 'je',
  mij: 'jou',
  me: 'je',
  mezelf: 'jezelf',
  mijzelf: 'jezelf',
  mijne: 'jouwe',
};

/** Verbs as "ik" says them, as "je" says them (the rest add a "t"). */
const IRREGULAR: Readonly<Record<string, string>> = {
  ben: 'bent',
  heb: 'hebt',
  kan: 'kunt',
  wil: 'wilt',
  zal: 'zult',
  mag: 'mag',
  moet: 'moet',
  was: 'was',
  had: 'had',
  kon: 'kon',
  wou: 'wou',
  zou: 'zou',
  heet: 'heet',
  weet: 'weet',
  eet: 'eet',
  zit: 'zit',
};

/** Common verbs as "ik" says them that take a "t" after "je" ("woon" → "woont"). */
const TAKES_T = new Set(
  `woon werk rijd speel sport fiets loop zwem studeer kook drink slaap leef ga sta doe zie kom
  hou houd lig hang geloof hoop denk vind parkeer betaal gebruik verdien neem krijg draag ken
  spreek schrijf lees bel zing dans wandel train reis blijf word hoor voel les volg`.split(/\s+/),
);

/** The word `ik` says `word`, as `je` says it, or null when it is no verb known here. */
function asJe(word: string): string | null {
  const lower = word.toLowerCase();
  return IRREGULAR[lower] ?? (TAKES_T.has(lower) ? `${lower}t` : null);
}

/**
 * `text` said back to whoever said it: "mijn" → "je", "ik" → "je", "mij" → "jou", and a verb
 * "ik" took made to agree with "je" ("ik ben allergisch" → "je bent allergisch"); a capital
 * at the start is kept. Pure.
 */
export function dutchYourWords(text: string): string {
  const aboutMe = /(^|[^\p{L}'])ik(?![\p{L}'])/iu.test(text);
  return text.replace(/[\p{L}']+/gu, (word) => {
    const lower = word.toLowerCase();
    const swapped = SWAPS[lower] ?? (aboutMe ? asJe(lower) : null);
    if (swapped === null) return word;
    return /^\p{Lu}/u.test(word) ? swapped.charAt(0).toUpperCase() + swapped.slice(1) : swapped;
  });
}

/** Finite verbs (as said of someone else or to "je"): where one stands tells the clause's order. */
const FINITE = new Set(
  `is ben bent was waren heeft hebben hebt heb had hadden heet heten ligt liggen lag staat
  staan stond woont wonen woonde werkt werken werkte zit zitten zat hangt hangen komt komen
  gaat gaan ging doet doen kan kunt kunnen kon moet moeten moest wil wilt willen wou wilde mag
  mogen mocht zal zult zullen zou zouden wordt worden werd blijft blijven speelt spelen rijdt
  rijden weet weten kent kennen houdt houden draagt dragen krijgt krijgen neemt nemen eet eten
  drinkt drinken slaapt slapen leeft leven begint beginnen eindigt sluit opent belt`.split(/\s+/),
);
/** Verb forms that are nouns too, and are nouns after these words ("de was", "een kan"). */
const NOUNS_TOO = new Set(['was', 'wil', 'kan']);
const DETERMINERS = new Set(
  'de het een je jouw mijn zijn haar ons onze hun uw deze die dit dat elke ieder geen'.split(' '),
);

/** Whether `word` is a verb form here: finite, or a participle or infinitive after one. */
function verbLike(word: string): boolean {
  const w = word.toLowerCase();
  // An infinitive is lower case: "Karen" is a name.
  const infinitive = /^\p{Ll}\p{L}{2,}en$/u.test(word);
  return FINITE.has(w) || /\p{L}{2}eert$/u.test(w) || /^ge\p{L}+[dtn]$/u.test(w) || infinitive;
}

/** Whether `words[i]` is the clause's finite verb (not its first word, nor "de was"). */
function finiteAt(words: readonly string[], i: number): boolean {
  const w = words[i]?.toLowerCase() ?? '';
  const before = words[i - 1]?.toLowerCase() ?? '';
  const finite = FINITE.has(w) || /\p{L}{2}eert$/u.test(w);
  return i > 0 && finite && !(NOUNS_TOO.has(w) && DETERMINERS.has(before));
}

/**
 * `clause` in the order a "dat" clause wants, its finite verb last: "je zus heet Anna" → "je
 * zus Anna heet", "morgen heeft je zus vrij" → "morgen je zus vrij heeft"; a clause already so
 * ("je zus Anna heet", "je morgen moet werken") or with no verb known here is left as it is.
 * Pure.
 */
export function verbLast(clause: string): string {
  const words = clause.split(' ');
  const at = words.findIndex((_, i) => finiteAt(words, i));
  if (at < 0) return clause;
  const after = words.slice(at + 1);
  if (after.length === 0 || after.every(verbLike)) return clause;
  const verb = words[at] ?? '';
  return [...words.slice(0, at), ...after, verb].join(' ');
}
