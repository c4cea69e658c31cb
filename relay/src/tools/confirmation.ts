import { MAX_CONFIRM_ACTION_CHARS, MAX_TOOL_ARGUMENTS_CHARS } from '@parley/shared';
import { mayBeIn } from '../language/language-check.ts';
import { confirmationLines, type ConfirmationLines } from './confirmation-lines.ts';
import type { Tool, ToolContext } from './tool.ts';

/**
 * Longest value said whole in a question (characters): a longer one is said by its start and
 * its end ("'NL91 ABNA … 0417 1643 00'"), so every argument is named and the question stays
 * short enough to hear.
 */
export const MAX_SPOKEN_VALUE_CHARS = 60;

/** `text` no longer than `max`: a longer one keeps its start and its end, " … " between. Pure. */
export function shortened(text: string, max = MAX_SPOKEN_VALUE_CHARS): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 3) / 2);
  return `${text.slice(0, half).trimEnd()} … ${text.slice(text.length - half).trimStart()}`;
}

/** A value as said in a question: text quoted, numbers as they are, anything else as JSON. Pure. */
export function spokenValue(
  value: unknown,
  lines: ConfirmationLines = confirmationLines(),
): string {
  if (typeof value === 'string') return lines.quoted(shortened(value.trim()));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Undefined (a value JSON cannot say) is said as such.
  const json = JSON.stringify(value) as string | undefined;
  return shortened(json ?? String(value));
}

/** What a call would do, said, or why it cannot be asked about. */
export type WordedAction =
  { ok: true; action: string } | { ok: false; reason: 'too-long'; chars: number };

/**
 * What running `tool` on `args` would do, as the rest of "Shall I …?", in `language`: the
 * tool's own words (a built-in's), else its title (an MCP tool's; said as a name when it is in
 * another language or does not read as something to do) or its name, with every argument (each value shortened in the middle,
 * every key kept). A call whose arguments are longer than the wire carries whole, or whose words are
 * longer than `MAX_CONFIRM_ACTION_CHARS` (many arguments, long names), cannot be asked about:
 * what the user cannot hear whole they cannot agree to.
 */
export async function wordedAction(
  tool: Pick<Tool, 'name' | 'action' | 'title'>,
  args: Record<string, unknown>,
  argumentsText: string,
  context: ToolContext,
  language = 'en',
): Promise<WordedAction> {
  if (argumentsText.length > MAX_TOOL_ARGUMENTS_CHARS)
    return { ok: false, reason: 'too-long', chars: argumentsText.length };
  const lines = confirmationLines(language);
  const own = await tool.action?.(args, context);
  const said = Object.entries(args).map(([key, value]): [string, string] => [
    key,
    spokenValue(value, lines),
  ]);
  const title = tool.title?.trim();
  const action =
    own ??
    (title === undefined || title === ''
      ? lines.plainAction(tool.name, said)
      : mayBeIn(title, language) && lines.readsAsAction(title)
        ? lines.titledAction(title, said)
        : lines.namedAction(title, said));
  return action.length > MAX_CONFIRM_ACTION_CHARS
    ? { ok: false, reason: 'too-long', chars: action.length }
    : { ok: true, action };
}

/** "Shall I add 'milk' to your list and set a timer for 10 minutes?" Pure. */
export function confirmationQuestion(actions: readonly string[], language = 'en'): string {
  return confirmationLines(language).question(actions);
}
