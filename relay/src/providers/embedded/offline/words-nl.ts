import type { ClockReading } from '../../../tools/builtin/clock.ts';
import { DUTCH_NUMBERS } from './dutch-arithmetic.ts';
import { dutchYourWords } from '../../../tools/builtin/dutch-clauses.ts';
import { dutchDelay, dutchMoment } from '../../../tools/builtin/dutch-moments.ts';
import { dutchDuration } from './dutch-durations.ts';
import { DUTCH_RECALL_WORDS } from './recall-words-nl.ts';
import type { Due, ResponderWords } from './responder-words.ts';

/** What may stand before a request: "wil je", "kun je"… */
const LEAD = String.raw`^(?:wil je |kun je |kan je |zou je |alsjeblieft |graag )?`;
const FORGET_LEAD = String.raw`^(?:alsjeblieft |oké |ok |oke |wil je |kun je )*`;
/** Dutch letters take accents, which `\b` does not count as letters. */
const START = String.raw`(?<![\p{L}'])`;
const END = String.raw`(?![\p{L}'])`;

const GOODBYES = [
  'doei',
  'doeg',
  'tot ziens',
  'tot later',
  'tot straks',
  'tot morgen',
  'tot de volgende keer',
  'welterusten',
  'slaap lekker',
  'fijne dag',
  'fijne avond',
  'prettige dag',
  'houdoe',
  'goodbye',
  'bye',
];

const HELP =
  'Ik ben de offline responder. Ik kan je vertellen hoe laat het is of welke dag het is, ' +
  'eenvoudige sommen uitrekenen zoals "wat is twaalf keer zeven", herinneringen zetten zoals ' +
  '"herinner me over tien minuten aan de was", dingen onthouden die je me vraagt te onthouden, ' +
  'en herhalen wat je net zei. Koppel een model in Instellingen voor echte antwoorden.';

/** The moment of a clock reading, read as a Dutch speaker reads it in its zone. */
function dutchClock(reading: ClockReading, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat('nl-NL', { ...options, timeZone: reading.timeZone }).format(
    Date.parse(reading.iso),
  );
}

/** When a reminder is due, in Dutch as it stands in a sentence ("om 14:17"). */
function when(due: Due): string {
  return due.atMs === null ? `om ${due.said}` : dutchMoment(due.atMs, due.nowMs, due.timeZone);
}

/** Dutch (nl, nl-NL, nl-BE). */
export const DUTCH_WORDS: ResponderWords = {
  language: 'nl',
  normalise: (text) =>
    text
      .toLowerCase()
      .replace(/[’']/g, "'")
      .replace(/[^\p{L}\p{N}'+\-*/.,× ]/gu, ' ')
      .replace(/[.,](?!\d)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  numbers: DUTCH_NUMBERS,
  duration: dutchDuration,
  yourWords: dutchYourWords,
  asks: {
    repeat:
      /\b(wat zei ik( net| daarnet)?|wat heb ik (net |daarnet )?gezegd|herhaal (dat|wat ik (net )?zei))\b/,
    time: [
      /\bhoe laat is (het|'t)( nu| nou| precies)?$/,
      /\bhoe laat het (nu )?is\b/,
      /\b(wat is de tijd|hoeveel uur is het|wat is het voor tijd)\b/,
      // Its last word lost by the recogniser ("hoe laat is"): still the time.
      /^hoe laat( is)?$/,
    ],
    date: /\b(datum|welke dag is het|wat voor dag is het|welke dag van de week|welke dag het is|de hoeveelste is het)\b/,
    help: [
      /\b(help|wat (kun|kan) (je|jij) (allemaal )?doen|wat doe (je|jij))\b/,
      new RegExp(String.raw`^wat (kun|kan) (je|jij)( \p{L}+)?$`, 'u'),
    ],
    greeting: new RegExp(
      String.raw`^(hallo|hoi|hey|hé|hai|goedemorgen|goedemiddag|goedenavond|goeiemorgen|goeiemiddag|goeienavond|goedendag)${END}`,
      'u',
    ),
    thanks: /\b(dank je|dank je wel|dankjewel|dankuwel|dank u|bedankt|merci|thanks)\b/,
    whoAreYou:
      /\b(wie ben (je|jij)|wat is (je|jouw) naam|hoe heet (je|jij)$|ben (je|jij) (een robot|echt|een ai|een mens|een computer))\b/,
    known:
      /\b(tijd|laat|datum|dag|help|hallo|hoi|hey|dank|bedankt|wie ben|hoe heet je|wat zei ik|gezegd|herhaal|herinner|onthoud|vergeet|herinneringen|timers?|wekker)\b/,
  },
  requests: {
    reminders: [
      // "om … te …" first: "herinner me over een uur eraan om mijn zus te bellen".
      new RegExp(
        String.raw`${LEAD}herinner (?:me|mij) (?:over|na|binnen) (?<delay>.+?) (?:eraan )?om (?<todo>.+) te (?<verb>\p{L}+)$`,
        'iu',
      ),
      new RegExp(
        String.raw`${LEAD}herinner (?:me|mij) (?:er )?(?:over|na|binnen) (?<delay>.+?) (?:er)?aan (?<what>.+)$`,
        'iu',
      ),
      new RegExp(
        String.raw`${LEAD}herinner (?:me|mij) (?:eraan )?om (?<todo>.+) te (?<verb>\p{L}+) (?:over|na) (?<delay>.+)$`,
        'iu',
      ),
      new RegExp(
        String.raw`${LEAD}herinner (?:me|mij) aan (?<what>.+) (?:over|na) (?<delay>.+)$`,
        'iu',
      ),
      new RegExp(
        String.raw`^(?:kun|kan|wil|zou) je (?:me|mij) (?:over|na|binnen) (?<delay>.+?) aan (?<what>.+) herinneren$`,
        'iu',
      ),
      new RegExp(
        String.raw`${LEAD}(?:zet |start )?(?:een |de )?(?:timer|wekker|kookwekker|alarm) (?:voor|van|op|over) (?<delay>.+)$`,
        'iu',
      ),
    ],
    reminderWithoutTime:
      /^(?:wil je |kun je |alsjeblieft )?(?:herinner (?:me|mij)|onthoud (?:om|te))\b/i,
    note: /^(?:(?:wil|kun|kan|zou) je (?:even |alsjeblieft )?onthouden|(?:alsjeblieft )?onthoud?(?: even| alsjeblieft)?)(?: dat|:)? (?<what>.+)$/i,
    notANote: /^(?:om|te|je|jij|u)\b/i,
    recall:
      /\b(?:wat weet je(?: nog)?|wat onthoud je|wat heb je onthouden|wat heb ik (?:je|jou) (?:allemaal )?(?:verteld|gevraagd (?:om )?te onthouden))\b(?: (?:over|van) (?<about>.+))?/,
    recallNoise: new RegExp(`${START}(?:me|mij|mijn|m'n|mezelf|de|het|een)${END}`, 'gu'),
    listReminders: [
      /\b(herinneringen|herinnering|timers?|wekkers?)\b/i,
      /\b(welke|wat|toon|laat|geef|heb ik|mijn|zijn er|staan er|lijst)\b/i,
    ],
    forgetLast: new RegExp(
      `${FORGET_LEAD}(?:vergeet (?:dat|dit|het|het laatste|de laatste notitie|wat ik (?:net |daarnet )?(?:zei|gezegd heb|vertelde))(?: maar)?|(?:verwijder|wis) (?:dat|die|de laatste) notitie|wis dat)$`,
    ),
    forgetAbout: new RegExp(
      `${FORGET_LEAD}(?:vergeet|verwijder de notitie|wis de notitie)(?: dat| alles over| over| de notitie over)? (?!niet\\b)(?<words>.+)$`,
    ),
    goodbye: new RegExp(
      String.raw`${START}(?:${GOODBYES.join('|')})${END}|^(?:oké |nou )?(?:dag|daag)(?: hoor| dan)?[\s.!]*$`,
      'iu',
    ),
  },
  recall: DUTCH_RECALL_WORDS,
  lines: {
    cannotAnswer: 'Dat kan ik nog niet beantwoorden; koppel een model in Instellingen.',
    cannotAnswerAgain: 'Sorry, dat kan ik nog niet beantwoorden.',
    help: HELP,
    youSaid: (previous) => `Je zei: "${previous}".`,
    firstThing: 'Dit is het eerste wat je tegen me zegt.',
    greeting: (greeting) =>
      `${greeting}! Vraag me hoe laat het is, welke dag het is of wat twaalf keer zeven is.`,
    welcome: 'Graag gedaan.',
    goodbye: 'Dag! Tot de volgende keer.',
    whoAmI:
      'Ik ben de offline responder van Parley, een eenvoudig programma op deze relay. Koppel ' +
      'een model in Instellingen voor echte antwoorden.',
    when: 'Wanneer? Zeg bijvoorbeeld: herinner me over tien minuten aan de was.',
    noTools: 'Herinneringen en notities kan ik hier niet bewaren: de relay heeft ze uitgezet.',
    time: (reading) => `Het is ${dutchClock(reading, { hour: 'numeric', minute: '2-digit' })}.`,
    date: (reading) =>
      `Vandaag is het ${dutchClock(reading, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}.`,
    sum: (spoken, result) => `${spoken} is ${result}.`,
    divisionByZero: (spoken) => `${spoken} kan niet: je kunt niet door nul delen.`,
    cannotWorkOut: (spoken) => `Ik kan ${spoken} niet uitrekenen.`,
    noted: (fact) => `Oké, ik onthoud dat ${fact}.`,
    noteDeclined: 'Oké, dan onthoud ik het niet.',
    // The tool's reason is in English: not said in a Dutch sentence.
    noteFailed: () => 'Dat kon ik niet onthouden.',
    reminded: (due, what) => `Oké, ik herinner je ${when(due)} aan ${what}.`,
    timerSet: (delayMs, due) =>
      `Oké, een timer van ${dutchDelay(delayMs)}: hij gaat ${when(due)} af.`,
    reminderDeclined: 'Oké, dan doe ik het niet.',
    reminderFailed: () => 'Die herinnering kon ik niet zetten.',
    reminders: (said, total) =>
      `Je hebt ${total} ${total === 1 ? 'herinnering' : 'herinneringen'}: ${said
        .map((r) => `${when(r.due)} ${r.what}`)
        .join('; ')}.`,
    noReminders: 'Je hebt geen herinneringen.',
  },
};
