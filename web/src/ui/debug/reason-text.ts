import type { IntlShape } from 'react-intl';
import { formatMs } from '../../i18n/format.ts';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';

/**
 * The latency panel's reasons in the page's language (issue 62). The turn-taking policies
 * (`@parley/shared` turn/) give a reason as one English line, for logs and benches alike
 * ("trailing preposition 'om'; you pause ~420 ms"); the panel reads it back into its parts and
 * says each through the catalogue. The words the user said, quoted in a reason, stay as heard.
 */

/** One part of a reason, as the catalogue says it: its message and what fills it. */
export interface ReasonPart {
  id: MessageId;
  values?: MessageValues;
  /** Values that are reasons themselves, said in their turn. */
  nested?: Readonly<Record<string, string>>;
  /** Values that are durations (ms), written as the page writes them. */
  durations?: Readonly<Record<string, number>>;
  /** Values that are numbers, written with one decimal as the page's language does. */
  decimals?: Readonly<Record<string, number>>;
  /** Values that are language tags, said by their name. */
  languages?: Readonly<Record<string, string>>;
}

const WHOLE: Readonly<Record<string, MessageId>> = {
  'no words yet': 'reason.noWordsYet',
  'no words at the pause yet': 'reason.noWordsAtPause',
  'complete question': 'reason.completeQuestion',
  'complete statement': 'reason.completeStatement',
  'a yes to a question: "no, wait" may follow': 'reason.yesMayFollow',
  'final words late': 'reason.finalWordsLate',
  'waited for the final words': 'reason.waitedFinalWords',
  'fixed rule': 'reason.fixedRule',
  'voice and silence decide': 'reason.voiceAndSilence',
  'speech over the reply': 'reason.speechOverReply',
  'waiting for the VAD': 'reason.waitingForVad',
  'a short sound': 'reason.shortSound',
  'a sound with no words (a cough, a laugh, a noise)': 'reason.wordlessSound',
  'speech with no words heard yet': 'reason.speechNoWords',
  'a sound, no words yet': 'reason.soundNoWords',
  'words so far': 'reason.wordsSoFar',
};

type Reader = (m: RegExpMatchArray) => ReasonPart;

/** The parts with something in them, most specific first (a reason nests in some). */
const PATTERNS: readonly (readonly [RegExp, Reader])[] = [
  [
    /^(.+), or "(.*)" \(([\d.]+) behind\)$/,
    (m) => ({
      id: 'reason.orOwing',
      values: { words: m[2] },
      nested: { reason: m[1] ?? '' },
      decimals: { gap: Number(m[3]) },
    }),
  ],
  [
    /^(.+), no reading of it came$/,
    (m) => ({ id: 'reason.noReadingCame', nested: { reason: m[1] ?? '' } }),
  ],
  [/^voice goes on \((.+)\)$/, (m) => ({ id: 'reason.voiceGoesOn', nested: { cue: m[1] ?? '' } })],
  [
    /^(?:level pitch|pitch (rising|falling) ([\d.]+) st), (short|long|even) last syllable$/,
    (m) => ({
      id: 'reason.voice',
      values: { pitch: m[1] ?? 'level', last: m[3] },
      decimals: { st: Number(m[2] ?? 0) },
    }),
  ],
  [
    /^no turn words for '(.+)': (.+)$/,
    (m) => ({
      id: 'reason.noTurnWords',
      languages: { language: m[1] ?? '' },
      nested: { then: m[2] ?? '' },
    }),
  ],
  [
    /^no barge-in words for '(.+)': (.+)$/,
    (m) => ({
      id: 'reason.noBargeInWords',
      languages: { language: m[1] ?? '' },
      nested: { then: m[2] ?? '' },
    }),
  ],
  [/^stop at any sound: (.+)$/, (m) => ({ id: 'reason.anySound', nested: { then: m[1] ?? '' } })],
  [/^trailing '(.+)'$/, (m) => ({ id: 'reason.trailing', values: { words: m[1] } })],
  [
    /^trailing (\w+) '(.+)'$/,
    (m) => ({ id: 'reason.trailingRole', values: { role: m[1], word: m[2] } }),
  ],
  [/^number '(.+)' goes on$/, (m) => ({ id: 'reason.numberGoesOn', values: { word: m[1] } })],
  [/^one-word answer '(.+)'$/, (m) => ({ id: 'reason.oneWordAnswer', values: { word: m[1] } })],
  [/^one word '(.+)'$/, (m) => ({ id: 'reason.oneWord', values: { word: m[1] } })],
  [/^you pause ~(\d+) ms$/, (m) => ({ id: 'reason.youPause', durations: { ms: Number(m[1]) } })],
  [/^stop word "(.+)"$/, (m) => ({ id: 'reason.stopWord', values: { words: m[1] } })],
  [/^stop words "(.+)"$/, (m) => ({ id: 'reason.stopWords', values: { words: m[1] } })],
  [/^spotted "(.+)"$/, (m) => ({ id: 'reason.spotted', values: { words: m[1] } })],
  [/^backchannel "(.*)"$/, (m) => ({ id: 'reason.backchannel', values: { words: m[1] } })],
  [
    /^backchannel so far "(.*)"$/,
    (m) => ({ id: 'reason.backchannelSoFar', values: { words: m[1] } }),
  ],
  [
    /^a question "(.*)", the voice rising$/,
    (m) => ({ id: 'reason.questionRising', values: { words: m[1] } }),
  ],
  [/^a question "(.*)"$/, (m) => ({ id: 'reason.question', values: { words: m[1] } })],
  [
    /^a lone word asked "(.*)", the voice rising$/,
    (m) => ({ id: 'reason.loneWordRising', values: { words: m[1] } }),
  ],
  [/^a level hum heard as "(.*)"$/, (m) => ({ id: 'reason.levelHum', values: { words: m[1] } })],
  [
    /^too few words to take the turn "(.*)"$/,
    (m) => ({ id: 'reason.tooFewWords', values: { words: m[1] } }),
  ],
  [
    /^long speech over the reply "(.*)"$/,
    (m) => ({ id: 'reason.longSpeechOverReply', values: { words: m[1] } }),
  ],
  [/^long speech "(.*)"$/, (m) => ({ id: 'reason.longSpeech', values: { words: m[1] } })],
  [/^words "(.*)"$/, (m) => ({ id: 'reason.words', values: { words: m[1] } })],
];

/** One part of a reason (no "; " in it) as a message, or null for a part the panel does not know. */
export function reasonPart(text: string): ReasonPart | null {
  const whole = WHOLE[text];
  if (whole !== undefined) return { id: whole };
  for (const [pattern, read] of PATTERNS) {
    const m = text.match(pattern);
    if (m) return read(m);
  }
  return null;
}

/** The parts of a reason the panel does not know (they would be shown as they came). */
export function unknownReasonParts(reason: string): string[] {
  const unknown: string[] = [];
  const visit = (text: string) => {
    for (const piece of text.split('; ')) {
      const part = reasonPart(piece);
      if (part === null) unknown.push(piece);
      else for (const inner of Object.values(part.nested ?? {})) visit(inner);
    }
  };
  visit(reason);
  return unknown;
}

function languageName(intl: IntlShape, tag: string): string {
  try {
    return intl.formatDisplayName(tag, { type: 'language' }) ?? tag;
  } catch {
    return tag;
  }
}

function say(intl: IntlShape, text: string): string {
  const part = reasonPart(text);
  // A reason from a newer policy than this page knows is shown as it came rather than lost.
  if (part === null) return text;
  const values: MessageValues = { ...part.values };
  for (const [k, v] of Object.entries(part.nested ?? {})) values[k] = reasonText(intl, v);
  for (const [k, v] of Object.entries(part.durations ?? {})) values[k] = formatMs(intl, v);
  for (const [k, v] of Object.entries(part.languages ?? {})) values[k] = languageName(intl, v);
  for (const [k, v] of Object.entries(part.decimals ?? {}))
    values[k] = intl.formatNumber(v, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  return intl.formatMessage({ id: part.id }, values);
}

/**
 * A turn-taking reason (why a turn ended when it did, why a sound over the reply stopped it or
 * let it go on) in the page's language: "voorzetsel 'om' aan het eind; je pauzeert gewoonlijk
 * ~420 ms".
 */
export function reasonText(intl: IntlShape, reason: string): string {
  return reason
    .split('; ')
    .map((part) => say(intl, part))
    .join('; ');
}

/** The turns table's end-wait cell: the wait at the last pause, and why ("640 ms · …"). */
export function endWaitText(
  intl: IntlShape,
  endOfTurn: { waitMs: number; reason: string } | undefined,
): string {
  if (!endOfTurn) return '–';
  return `${formatMs(intl, endOfTurn.waitMs)} · ${reasonText(intl, endOfTurn.reason)}`;
}
