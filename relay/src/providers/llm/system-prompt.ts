import type { ChatMessage } from '../types.ts';

/** What a hosted or local LLM is told before the conversation, unless `SYSTEM_PROMPT` says otherwise. */
export const DEFAULT_SYSTEM_PROMPT =
  'You are a helpful voice assistant. Your replies are spoken aloud: answer in one to three ' +
  'short, plain sentences, with no markdown, lists, code or emoji. If you did not catch what ' +
  'the user said, ask them to repeat it.';

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
