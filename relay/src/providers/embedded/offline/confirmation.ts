import { yesOrNo } from '@parley/shared';
import type { ChatMessage, ToolCall } from '../../stages/llm.ts';
import { noteRequest, reminderRequest, type ReminderRequest } from './requests.ts';
import type { ResponderWords } from './responder-words.ts';
import { ENGLISH_WORDS } from './words-en.ts';

/**
 * Something the responder would do that changes what is kept (a reminder set, a note saved):
 * never done on the words alone. The responder calls the tool as a model would; the relay asks
 * the user first, in its own words — the same question, the same `tool.confirm` and Confirm /
 * Decline on the page, the same rule of what counts as a yes — and runs it on their yes.
 */
export type Proposal =
  { kind: 'reminder'; request: ReminderRequest } | { kind: 'note'; text: string };

/** What `said` asks to be done that needs the user's yes first; or null. Pure. */
export function proposalFor(said: string, w: ResponderWords = ENGLISH_WORDS): Proposal | null {
  const reminder = reminderRequest(said, w);
  if (reminder) return { kind: 'reminder', request: reminder };
  const note = noteRequest(said, w);
  return note ? { kind: 'note', text: note } : null;
}

/** A tool call the responder makes: the tool's name and its arguments. */
export interface ResponderCall {
  name: string;
  args: Record<string, unknown>;
}

/** The built-in call that carries out `proposal`. Pure. */
export function callFor(proposal: Proposal): ResponderCall {
  if (proposal.kind === 'note') return { name: 'save_note', args: { text: proposal.text } };
  const { text, delaySeconds } = proposal.request;
  return { name: 'set_reminder', args: { text, delaySeconds } };
}

/**
 * The call the user's newest words ask for, when the turn offers its tool (`offered`, by name);
 * null when they ask for none, or the tool is not offered (the responder then says so). Pure.
 */
export function proposedCall(
  history: readonly ChatMessage[],
  offered: ReadonlySet<string>,
  w: ResponderWords = ENGLISH_WORDS,
): ResponderCall | null {
  const last = history.at(-1);
  if (last?.role !== 'user') return null;
  const proposal = proposalFor(last.content, w);
  if (!proposal) return null;
  const call = callFor(proposal);
  return offered.has(call.name) ? call : null;
}

/** The result of the responder's own call, and the call, as the conversation ends on them. */
export interface CallResult {
  name: string;
  args: Record<string, unknown>;
  /** The tool's answer (JSON), or null: it was not run (declined, not confirmed, refused). */
  answer: Record<string, unknown> | null;
  isError: boolean;
  /** The user's words after it (their answer to the question), if any. */
  then: string | null;
}

/**
 * The responder's last call and its result, when the conversation ends on them — right after,
 * or with the user's answer to the question after (the relay ran the call on their yes, or
 * declined it); null otherwise. Pure.
 */
export function lastCallResult(history: readonly ChatMessage[]): CallResult | null {
  let i = history.length - 1;
  const answer = history[i];
  const then = answer?.role === 'user' ? answer.content : null;
  if (then !== null) i--;
  const result = history[i];
  if (result?.role !== 'tool') return null;
  while (history[i]?.role === 'tool') i--;
  const asked = history[i];
  const call: ToolCall | undefined =
    asked?.role === 'assistant' ? asked.toolCalls?.find((c) => c.id === result.callId) : undefined;
  if (!call) return null;
  return {
    name: call.name,
    args: objectOf(call.arguments) ?? {},
    answer: objectOf(result.content),
    isError: result.isError === true,
    then,
  };
}

/**
 * Whether the user's answer after a call that was not run was a no (not other words), in
 * `language` (BCP 47).
 */
export function saidNo(result: CallResult, language = 'en'): boolean {
  return result.then === null || yesOrNo(result.then, language) === 'no';
}

function objectOf(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
