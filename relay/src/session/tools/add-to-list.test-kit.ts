import { expect } from 'vitest';
import type { Tool } from '../../tools/tool.ts';
import type { SessionKit, SessionKitOptions } from '../session.test-kit.ts';

/** What the relay asks before it adds milk to the list. */
export const ADD_MILK_QUESTION = "Shall I add 'milk' to your list?";

/** A tool that changes something (not read-only), counting its runs. */
export function addToList() {
  const runs: Record<string, unknown>[] = [];
  const tool: Tool = {
    name: 'add_to_list',
    description: 'Adds an item to the shopping list.',
    inputSchema: { type: 'object', properties: { item: { type: 'string' } }, required: ['item'] },
    origin: { kind: 'builtin' },
    readOnly: false,
    action: (args) => `add '${String(args.item)}' to your list`,
    run: (args) => {
      runs.push(args);
      return Promise.resolve({ content: 'Added.', summary: 'added' });
    },
  };
  return { tool, runs };
}

/**
 * A session (opened by `kit` with `options`) whose model asks to add milk in turn 1, typed: the
 * relay asks the user first ({@link ADD_MILK_QUESTION}), and the list's tool has not run.
 */
export async function askedToAddMilk(
  kit: (options?: SessionKitOptions) => Promise<SessionKit>,
  options: SessionKitOptions = {},
) {
  const list = addToList();
  const k = await kit({ tools: { toolsFor: () => Promise.resolve([list.tool]) }, ...options });
  k.providers.llm.script = [{ toolCalls: [{ name: 'add_to_list', arguments: '{"item":"milk"}' }] }];
  k.types(1, 'add milk to my list');
  expect((await k.turnDone(1)).reply).toBe(ADD_MILK_QUESTION);
  expect(list.runs).toEqual([]);
  return { k, list };
}
