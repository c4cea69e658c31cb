import { stemmer as dutchStemmer } from '@orama/stemmers/dutch';
import { dutchYourWords, verbLast } from '../../../tools/builtin/dutch-clauses.ts';
import type { RecallWords } from './recall-words-shape.ts';

/** Letters a compound's last part needs to count as one ("sleutel", not "el"). */
const MIN_HEAD = 4;

const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

/** "dat a", "dat a en dat b", "dat a, dat b en dat c": facts as "dat" clauses. */
const thatClauses = (facts: readonly string[]) =>
  new Intl.ListFormat('nl', { type: 'conjunction' }).format(facts.map((f) => `dat ${f}`));

/**
 * Dutch. A fact is said back in a "dat" clause ("Je zei dat je zus Anna heet."), which wants its
 * verb last: a note put the other way ("Mijn zus heet Anna") is put in that order first.
 */
export const DUTCH_RECALL_WORDS: RecallWords = {
  stem: dutchStemmer,
  stopWords: words(`
    de het een dit dat deze die daar hier er 't
    ik me mij mijn m'n mijne mezelf we wij ons onze jij je jou jouw jouwe u uw hij hem zijn zij ze
    haar hun hen jullie
    is ben bent was waren wordt worden werd heb hebt heeft hebben had hadden doe doet deed doen
    kan kun kunt kunnen kon zal zult zullen zou moet moeten mag mogen wil wilt willen
    wat wanneer waar wie wiens welk welke waarom hoe hoeveel hoelang
    en of maar dus als dan toen van voor naar in op aan met bij uit om over onder tot door tegen
    nog ook al weer even wel eens gewoon echt heel zo
    vertel vertelde verteld zeg zei gezegd weet weten wist onthoud onthouden onthield vraag vroeg
    gevraagd herinner herinnerde
    iets niets alles ding dingen sommige
  `),
  weakWords: words(`
    heet heten hete genoemd noemt noemen naam ga gaat gaan ging krijg krijgt kreeg hou houd houdt
    zet zette gezet leg legt gelegd maak maakt gemaakt gebruik gebruikt
  `),
  questionStarts: words(`
    wat wanneer waar wie wiens welk welke waarom hoe hoeveel hoelang
    is zijn ben bent was waren heb heeft hebben had kan kun kunt weet wist vertel zeg heet
  `),
  ownWords: words("ik me mij mijn m'n mijne mezelf we wij ons onze"),
  intentWords: words('tijd laat datum dag vandaag nu klok uur'),
  // A compound's last part is what it is ("reservesleutel" is a "sleutel"): a question's word
  // finds a compound ending in it, either way round; short words would find too much.
  meets: (asked, noted) =>
    asked === noted ||
    (asked.length >= MIN_HEAD && noted.endsWith(asked)) ||
    (noted.length >= MIN_HEAD && asked.endsWith(noted)),
  yourWords: dutchYourWords,
  fact: (note) => {
    const said = verbLast(dutchYourWords(note));
    return said.charAt(0).toLowerCase() + said.slice(1);
  },
  lines: {
    toldMe: (facts) => `Je zei ${thatClauses(facts)}.`,
    remembered: (facts, more) =>
      `Je hebt me verteld ${thatClauses(facts)}${
        more === 0 ? '' : `, en er ${more === 1 ? 'staat' : 'staan'} er nog ${more} in Instellingen`
      }.`,
    nothingYet: 'Je hebt me nog niets gevraagd om te onthouden.',
    notToldMe:
      'Dat heb je me niet verteld. Wil je dat ik het onthoud, zeg dan bijvoorbeeld: onthoud ' +
      'dat mijn zus Anna heet.',
    alreadyKnown: (fact) => `Ik weet al dat ${fact}.`,
    forgot: (fact) => `Oké, ik ben vergeten dat ${fact}.`,
    kept: 'Oké, dan onthoud ik het.',
    nothingToForget: 'Er is niets te vergeten: je hebt me nog niets gevraagd om te onthouden.',
    whichOne: (facts) => `Welke bedoel je? Je zei ${facts.map((f) => `dat ${f}`).join(', en ')}.`,
    nothingAbout: (subject) => `Ik weet niets over ${subject}.`,
  },
};
