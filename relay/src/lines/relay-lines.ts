import { formatDuration } from '../limits/limit-errors.ts';

/**
 * The lines the relay says (and shows) itself, outside what a model or the offline responder
 * writes: one table per language (issue 62), read by the conversation's language (the user's
 * preference). The confirmation question, the built-in tools' words and the progress while a
 * tool runs have tables of their own beside the code that builds them
 * (`tools/confirmation-lines.ts`, `tools/builtin/tool-words.ts`, `pipeline/tool-progress.ts`).
 */
export interface RelayLines {
  /** A BCP 47 primary subtag: the table's language. */
  readonly language: string;
  /** Said when a call has gone silent (`CALL_SILENCE_S`). */
  stillThere: string;
  /** What the user reads with it: the call ends in `silenceMs` unless they answer. */
  stillThereNotice(silenceMs: number): string;
  /** Said before a silent call ends. */
  goodbye: string;
  /** What the user reads when the call ended after `silentMs` of silence, and what to do now. */
  endedNotice(silentMs: number): string;
  /** Said when no language model could answer at all. */
  apology: string;
  /**
   * Said instead of the apology when no language model could take the conversation because it
   * is too long for each: trying again will not help, a new conversation will.
   */
  tooLong: string;
  /** Said when the recogniser failed on what the user said (no words came of it). */
  notHeard: string;
  /** Said when the language model broke off mid-reply. */
  cutShort: string;
  /** Said when the tools of a turn ended it without a word of the model's. */
  toolsGaveUp: string;
  /** What every voice preview says. */
  previewText: string;
  /** A due reminder said aloud. */
  reminder(text: string): string;
}

const en: RelayLines = {
  language: 'en',
  stillThere: 'Are you still there?',
  stillThereNotice: (silenceMs) =>
    `Are you still there? Say something or type to go on; otherwise the call ends in ${formatDuration(silenceMs)}.`,
  goodbye: "It's gone quiet, so I'll end the call here. Goodbye for now.",
  endedNotice: (silentMs) =>
    `Goodbye for now: the call was silent for ${formatDuration(silentMs)}, so it ended and the microphone was turned off. Press Talk to start a new call, or type to go on.`,
  apology: "Sorry, I can't reach my language model right now. Please try again in a moment.",
  tooLong:
    'Sorry, this conversation has grown too long for my language model. Start a new conversation to go on.',
  notHeard: "Sorry, I didn't catch that — could you say it again?",
  cutShort: 'Sorry, I lost my train of thought. Please ask again.',
  toolsGaveUp: "Sorry, I couldn't finish that. Please ask again.",
  previewText: 'Hello! This is the voice I will answer you in.',
  reminder: (text) => `Reminder: ${withoutEnd(text)}.`,
};

const nl: RelayLines = {
  language: 'nl',
  stillThere: 'Ben je er nog?',
  stillThereNotice: (silenceMs) =>
    `Ben je er nog? Zeg iets of typ om verder te gaan; anders stopt het gesprek over ${dutchDuration(silenceMs)}.`,
  goodbye: 'Het is al een tijdje stil, dus ik stop het gesprek hier. Tot de volgende keer!',
  endedNotice: (silentMs) =>
    `Tot de volgende keer: het gesprek was ${dutchDuration(silentMs)} stil, dus het is gestopt en de microfoon staat uit. Druk op Praten om een nieuw gesprek te beginnen, of typ om verder te gaan.`,
  apology: 'Sorry, ik kan mijn taalmodel nu niet bereiken. Probeer het zo nog eens.',
  tooLong:
    'Sorry, dit gesprek is te lang geworden voor mijn taalmodel. Begin een nieuw gesprek om verder te gaan.',
  notHeard: 'Sorry, dat verstond ik niet. Kun je het nog een keer zeggen?',
  cutShort: 'Sorry, ik raakte de draad kwijt. Wil je het nog een keer vragen?',
  toolsGaveUp: 'Sorry, dat is me niet gelukt. Wil je het nog een keer vragen?',
  previewText: 'Hallo! Met deze stem geef ik je antwoord.',
  reminder: (text) => `Herinnering: ${withoutEnd(text)}.`,
};

/** The tables, by a language's primary subtag. */
const TABLES: Readonly<Record<string, RelayLines>> = { en, nl };

/** The lines in `language` (BCP 47, e.g. `nl-BE`); English where there is no table. */
export function relayLines(language: string | undefined = 'en'): RelayLines {
  return TABLES[language.split('-')[0]?.toLowerCase() ?? 'en'] ?? en;
}

/** The languages with a table of their own (primary subtags). */
export const RELAY_LINE_LANGUAGES: readonly string[] = Object.keys(TABLES);

/** A text to end a sentence with: its own closing stops and spaces dropped. */
function withoutEnd(text: string): string {
  return text.replace(/[\s.!?]+$/, '');
}

/** A duration as a Dutch speaker reads it ("2 minuten", "45 seconden"), by `formatDuration`'s rule. */
function dutchDuration(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  const unit = (n: number, u: 'second' | 'minute' | 'hour') =>
    new Intl.NumberFormat('nl', { style: 'unit', unit: u, unitDisplay: 'long' }).format(n);
  if (s < 120 && s % 60 !== 0) return unit(s, 'second');
  if (s < 2 * 3600) return unit(Math.round((s / 60) * 10) / 10, 'minute');
  return unit(Math.round((s / 3600) * 10) / 10, 'hour');
}
