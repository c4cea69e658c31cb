import type { Tool } from './tool.ts';

/**
 * The user's answer to "Shall I …?", from their words: true (yes), false (no), or null (they said
 * something else). Pure, and strict on purpose: a yes must start with one ("yes", "sure", "go
 * ahead"…) and say no "no" anywhere ("yes — no, wait" is no); anything else runs nothing.
 */
export function confirmationIn(words: string): boolean | null {
  const text = ` ${words
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
  if (NO.some((phrase) => text.includes(` ${phrase} `))) return false;
  if (YES.some((phrase) => text.startsWith(` ${phrase} `))) return true;
  return null;
}

/** What saying no sounds like, anywhere in the answer. */
const NO = [
  'no',
  'nope',
  'nah',
  'not',
  "don't",
  'dont',
  'do not',
  "doesn't",
  'cancel',
  'stop',
  'wait',
  'never mind',
  'nevermind',
  'hold on',
];

/** What saying yes sounds like, at the start of the answer. */
const YES = [
  'yes',
  'yeah',
  'yea',
  'yep',
  'yup',
  'sure',
  'ok',
  'okay',
  'alright',
  'all right',
  'please',
  'please do',
  'go ahead',
  'do it',
  'confirm',
  'confirmed',
  'of course',
  'absolutely',
  'definitely',
  'correct',
  'right',
  'sounds good',
  'why not',
];

/** One call the user is asked about: the tool and its checked arguments. */
export interface ActionAsked {
  tool: Pick<Tool, 'name' | 'action'>;
  args: Record<string, unknown>;
}

/** "Shall I add 'milk' to your list and set a timer for 10 minutes?" */
export function confirmationQuestion(calls: readonly ActionAsked[]): string {
  const actions = calls.map(
    ({ tool, args }) => tool.action?.(args) ?? plainAction(tool.name, args),
  );
  const listed =
    actions.length <= 1
      ? (actions[0] ?? '')
      : `${actions.slice(0, -1).join(', ')} and ${actions.at(-1) ?? ''}`;
  return `Shall I ${listed}?`;
}

/** Most arguments named in a question worded from a tool's name. */
const MAX_NAMED_ARGUMENTS = 3;

/** "use add to list with item 'milk'": a tool that words no action of its own. */
function plainAction(name: string, args: Record<string, unknown>): string {
  const what = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const named = Object.entries(args)
    .slice(0, MAX_NAMED_ARGUMENTS)
    .map(([key, value]) => `${key.replace(/[_-]+/g, ' ')} ${spoken(value)}`);
  return named.length === 0 ? `use ${what}` : `use ${what} with ${named.join(', ')}`;
}

function spoken(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
