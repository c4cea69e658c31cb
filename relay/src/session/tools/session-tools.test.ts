import { describe, expect, it } from 'vitest';
import { captureLog } from '../../../test/log-capture.ts';
import { sessionKits } from '../session.test-kit.ts';
import { ADD_MILK_QUESTION, askedToAddMilk } from './add-to-list.test-kit.ts';

const kit = sessionKits();

const WAITS = 'a speculative answer waits to be the answer to run a tool';

/**
 * The rules around a tool that changes something (issue 48), in a session: it runs only on the
 * user's yes, and a speculative answer never runs it — it waits until it is the user's final
 * words, and a speculation dropped never runs it at all.
 */
describe('a tool that changes something', () => {
  async function asked() {
    const logs = captureLog();
    const { k, list } = await askedToAddMilk(kit, { log: logs.log });
    expect(k.link.messages('tool.confirm')).toMatchObject([
      { turnId: 1, question: ADD_MILK_QUESTION, calls: [{ name: 'add_to_list' }] },
    ]);
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
