import { describe, expect, it } from 'vitest';
import { testTool, toolMessages, toolStatuses, useToolRelay } from './tool-kit.ts';

/**
 * Issue 60, item 12: one round's calls ran all at once however many the model made (sixty
 * `set_reminder` calls in one round, confirmed with one yes). A round makes at most
 * `TOOL_MAX_CALLS_PER_ROUND` calls; those past it are neither run nor asked about, and the model
 * is told in words.
 */
describe('the calls one round may make', () => {
  let turnId = 0;
  const lookup = testTool('lookup', { properties: { n: { type: 'number' } } });
  const keep = testTool('keep', { readOnly: false, properties: { n: { type: 'number' } } });
  const ctx = useToolRelay('openai', [lookup, keep], { TOOL_MAX_CALLS_PER_ROUND: '3' });

  async function send(
    message:
      | { type: 'user.text'; text: string; speak: false }
      | { type: 'tool.answer'; confirmId: string; confirmed: boolean },
  ) {
    const id = ++turnId;
    const before = ctx.model.resultsSent().length;
    ctx.client.send({ ...message, turnId: id });
    const done = await ctx.client.waitForTurn(id);
    return { done, id, sent: ctx.model.resultsSent().slice(before) };
  }
  const calls = (name: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({ name, arguments: JSON.stringify({ n: i }) }));

  it('runs the first calls of a round up to the cap, and tells the model the rest were not run', async () => {
    ctx.model.script = [{ toolCalls: calls('lookup', 5) }];
    const { id, sent } = await send({ type: 'user.text', text: 'look up five', speak: false });
    expect(lookup.runs).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    // Results are told as calls end: the refused ones end first.
    expect(
      toolStatuses(ctx.client, id)
        .map(([, status]) => status)
        .sort(),
    ).toEqual(['done', 'done', 'done', 'skipped', 'skipped']);
    const results = sent[1]?.map((r) => r.content) ?? [];
    expect(results).toHaveLength(5);
    expect(results[3]).toMatch(/^Too many tool calls at once: a round may make 3/);
  });

  it('asks about no more calls than the cap, and a yes runs only those', async () => {
    ctx.model.script = [{ toolCalls: calls('keep', 6) }];
    const asked = await send({ type: 'user.text', text: 'keep six', speak: false });
    const confirm = toolMessages(ctx.client, asked.id).find((m) => m.type === 'tool.confirm');
    expect(confirm?.type === 'tool.confirm' ? confirm.calls.length : 0).toBe(3);
    expect(
      toolStatuses(ctx.client, asked.id)
        .map(([, status]) => status)
        .sort(),
    ).toEqual(['asked', 'asked', 'asked', 'skipped', 'skipped', 'skipped']);
    await send({
      type: 'tool.answer',
      confirmId: confirm?.type === 'tool.confirm' ? confirm.confirmId : '',
      confirmed: true,
    });
    expect(keep.runs).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
  });
});
