import type { ChatMessage, ReplyStyle } from '../stages/llm.ts';

/**
 * How every reply is written, whoever the assistant is asked to be: the words are spoken by a
 * speech synthesiser, which reads markup and symbols out (or stumbles on them).
 */
export const SPOKEN_RULES =
  'Your replies are spoken aloud: use plain sentences, with no markdown, lists, code, links ' +
  'or emoji, and say numbers and symbols in words. If you did not catch what the user said, ' +
  'ask them to repeat it.';

/**
 * What a model is told of the conversation's language (`languageName`, e.g. "Dutch", in English
 * words): to answer in it, and to keep it (issue 62). Models drift out of a chosen language when
 * the user slips into another, or a tool result, a note or a quoted text is in another; a reply
 * that drifts anyway is noted in the turn's timings (`languageDrift`).
 */
export function languageRule(languageName: string): string {
  return (
    `Always reply in ${languageName}. ${languageName} is the language of this conversation: ` +
    `keep to it even when the user uses words of another language, or a tool result, a note ` +
    `or a text you quote is in another (say what you pass on in ${languageName}). Change ` +
    'language only when the user asks you to.'
  );
}

/** What a hosted or local LLM is told before the conversation, unless `SYSTEM_PROMPT` says otherwise. */
export const DEFAULT_SYSTEM_PROMPT = `You are a helpful voice assistant. ${SPOKEN_RULES} Answer in one to three short sentences.`;

/**
 * The system prompt of one request: the configured one, or with a user's `style` their persona,
 * reply length and language, always with the spoken-reply rules. An operator's own
 * `SYSTEM_PROMPT` stays first and the user's style is added after it; the default prompt gives
 * way to the style (its "one to three short sentences" would contradict a longer reply length).
 * What the user asked to be remembered (`memory`) comes last.
 */
export function systemPromptFor(
  configured: string,
  style: ReplyStyle | undefined,
  memory?: string,
): string {
  const own = configured.trim() === DEFAULT_SYSTEM_PROMPT && style ? [] : [configured.trim()];
  const styled = style ? [style.instructions.trim(), SPOKEN_RULES] : [];
  const parts = [...own, ...styled, memory?.trim() ?? ''].filter((p) => p !== '');
  // Nothing added: the configured prompt exactly as given.
  return style || memory?.trim() ? parts.join('\n') : configured;
}

/** The longest reply of one request (tokens): the style's, never above the configured maximum. */
export function maxTokensFor(configured: number, style: ReplyStyle | undefined): number {
  return style ? Math.max(1, Math.min(configured, style.maxTokens)) : configured;
}

/** The system message for a request: the prompt plus the user's local date and time. */
export function systemMessage(
  prompt: string,
  timeZone: string | undefined,
  now = new Date(),
): ChatMessage {
  let when: string;
  try {
    when = now.toLocaleString('en-US', {
      timeZone: timeZone ?? 'UTC',
      dateStyle: 'full',
      timeStyle: 'short',
    });
  } catch {
    when = now.toUTCString();
  }
  return {
    role: 'system',
    content: `${prompt}\nThe user's local date and time: ${when}${timeZone ? ` (${timeZone})` : ' (UTC)'}.`,
  };
}
