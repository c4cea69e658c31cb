import { describe, expect, it } from 'vitest';
import { captureLog } from '../../../test/log-capture.ts';
import type { Tool } from '../../tools/tool.ts';
import { sessionKits } from '../session.test-kit.ts';

const kit = sessionKits();

/** A tool that changes something (not read-only), counting its runs. */
function addToList() {
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

const WAITS = 'a speculative answer waits to be the answer to run a tool';

/**
 * The rules around a tool that changes something (issue 48), in a session: it runs only on the
 * user's yes, and a speculative answer never runs it — it waits until it is the user's final
 * words, and a speculation dropped never runs it at all.
 */
describe('a tool that changes something', () => {
  async function asked() {
    const list = addToList();
    const logs = captureLog();
    const k = await kit({ tools: { toolsFor: () => Promise.resolve([list.tool]) }, log: logs.log });
    k.providers.llm.script = [
      { toolCalls: [{ name: 'add_to_list', arguments: '{"item":"milk"}' }] },
    ];
    k.types(1, 'add milk to my list');
    const done = await k.turnDone(1);
    expect(done.reply).toBe("Shall I add 'milk' to your list?");
    expect(k.link.messages('tool.confirm')).toMatchObject([
      { turnId: 1, question: "Shall I add 'milk' to your list?", calls: [{ name: 'add_to_list' }] },
    ]);
    expect(list.runs).toEqual([]);
    return { k, list, logs };
  }

  /** The user says "yes please" and pauses: the speculative answer gets as far as the call. */
  async function yesAtAPause(asking: Awaited<ReturnType<typeof asked>>) {
    const { k, list, logs } = asking;
    k.providers.asr.snapshots = true;
    k.providers.asr.transcript = 'yes please';
    k.speaks(2, 6).pauses(2);
    // It got as far as the call (or, without the rule, ran it).
    await expect
      .poll(() => list.runs.length > 0 || logs.lines.some((l) => l.msg === WAITS))
      .toBe(true);
    return asking;
  }

  it('is not run from a speculation: it waits until the yes is the turn’s final words', async () => {
    const { k, list } = await yesAtAPause(await asked());
    expect(list.runs).toEqual([]);
    k.ends(2);
    const done = await k.turnDone(2);
    expect(k.observer.speculations).toMatchObject({ started: 1, promoted: 1 });
    expect(list.runs).toEqual([{ item: 'milk' }]);
    expect(done.toolCalls?.map((c) => [c.name, c.status])).toEqual([['add_to_list', 'done']]);
  });

  it('is never run by a speculation that is dropped', async () => {
    const { k, list } = await yesAtAPause(await asked());
    // The user goes on: "… no, wait".
    k.session.handle({ type: 'utterance.resume', turnId: 2 });
    k.providers.asr.transcript = 'yes please no wait';
    k.more(2, 2).ends(2);
    const done = await k.turnDone(2);
    expect(k.observer.speculations).toEqual({ started: 1, promoted: 0, dropped: 1 });
    expect(list.runs).toEqual([]);
    expect(done.toolCalls?.map((c) => [c.name, c.status])).toEqual([['add_to_list', 'declined']]);
  });
});
