import { REPLY_LENGTHS, type ToolProgress, type UserPreferences } from '@parley/shared';
import { languageRule } from '../providers/llm/system-prompt.ts';
import type { ReplyStyle } from '../providers/stages/llm.ts';
import { CUSTOM_PERSONA_INTRO, PERSONA_PROMPTS } from './personas.ts';

type ReplyLength = (typeof REPLY_LENGTHS)[number];

/** What a user's preferences ask of one turn: its LLM request, its voice, its recogniser. */
export interface TurnPreferences {
  /** The persona, reply length and language, for the LLM. */
  style: ReplyStyle;
  /** A voice of the active voice provider; absent: its configured voice. */
  voice?: string;
  /** 1 is the voice's normal pace. */
  speakingRate: number;
  /** BCP 47, for the recogniser and the reply. */
  language: string;
  /** What is heard while a tool runs long (issue 48). */
  toolProgress: ToolProgress;
}

/** Each reply length: the line of the prompt that asks for it, and the tokens it may use. */
export const REPLY_LENGTH_STYLES: Record<ReplyLength, { line: string; maxTokens: number }> = {
  short: {
    line: 'Keep every reply short: one or two sentences, unless the user asks for more.',
    maxTokens: 150,
  },
  medium: {
    line: 'Reply in a short paragraph of three to five sentences when the question needs it.',
    maxTokens: 350,
  },
  long: {
    line:
      'Give full, detailed replies when the question calls for it, up to a few paragraphs, ' +
      'but never pad them.',
    maxTokens: 800,
  },
};

/** The English name of a language, e.g. "French" for `fr`; the tag itself when unknown. */
export function languageName(tag: string, locale = 'en'): string {
  try {
    return displayNames(locale).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** One `Intl.DisplayNames` per locale: building one loads ICU data (a turn needs a name). */
const namesByLocale = new Map<string, Intl.DisplayNames>();
function displayNames(locale: string): Intl.DisplayNames {
  let names = namesByLocale.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'language' });
    namesByLocale.set(locale, names);
  }
  return names;
}

/** Who the assistant is: the preset's prompt, or the user's own text introduced as theirs. */
export function personaPrompt(p: Pick<UserPreferences, 'persona' | 'customPersona'>): string {
  if (p.persona !== 'custom') return PERSONA_PROMPTS[p.persona];
  const own = p.customPersona?.trim() ?? '';
  // A custom persona saved without text: the default one rather than an empty prompt.
  return own === '' ? PERSONA_PROMPTS.friendly : `${CUSTOM_PERSONA_INTRO}\n"""${own}"""`;
}

/** What a user's preferences ask of a turn (pure). */
export function turnPreferences(p: UserPreferences): TurnPreferences {
  const length = REPLY_LENGTH_STYLES[p.replyLength];
  const language = languageRule(languageName(p.language));
  return {
    style: {
      instructions: [personaPrompt(p), length.line, language].join('\n'),
      maxTokens: length.maxTokens,
    },
    ...(p.voice === undefined ? {} : { voice: p.voice }),
    speakingRate: p.speakingRate,
    language: p.language,
    toolProgress: p.toolProgress ?? 'spoken',
  };
}
