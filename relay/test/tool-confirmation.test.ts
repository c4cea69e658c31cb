import { describe, expect, it } from 'vitest';
import { addTool, testTool, toolMessages, toolStatuses, useToolRelay } from './tool-kit.ts';

/**
 * A tool that changes something needs the user's yes before it runs (issue 48): the relay asks
 * (`tool.confirm`, the question said as the reply), and the user's next words — or a tapped
 * Confirm / Decline — decide; the model then goes on from its calls.
 */
describe('confirming a tool that changes something', () => {
  let turnId = 0;
  const add = addTool();
  const addToList = testTool('add_to_list', {
    readOnly: false,
    properties: { item: { type: 'string' } },
    required: ['item'],
    action: (args) => `add '${String(args.item)}' to your list`,
    answer: (args) => Promise.resolve({ content: `${String(args.item)} added.`, summary: 'added' }),
  });

  const ctx = useToolRelay('openai', [add, addToList]);

  async function turn(
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
  const say = (text: string) => turn({ type: 'user.text', text, speak: false });

  /** Turn asking to add milk: the model calls the tool, the relay asks. */
  async function askToAddMilk() {
    const runs = addToList.runs.length;
    ctx.model.script = [{ toolCalls: [{ name: 'add_to_list', arguments: '{"item":"milk"}' }] }];
    const asked = await say('add milk to my list');
    expect(asked.done.replyText).toBe("Shall I add 'milk' to your list?");
    expect(toolStatuses(ctx.client, asked.id)).toEqual([['add_to_list', 'asked']]);
    const confirm = toolMessages(ctx.client, asked.id).find((m) => m.type === 'tool.confirm');
    expect(confirm).toMatchObject({
      question: "Shall I add 'milk' to your list?",
      calls: [{ name: 'add_to_list', arguments: '{"item":"milk"}' }],
    });
    expect(addToList.runs.length).toBe(runs);
    return { runs, confirmId: confirm?.type === 'tool.confirm' ? confirm.confirmId : '' };
  }

  it('runs it on the user’s spoken yes, and the model goes on from its call', async () => {
    const { runs } = await askToAddMilk();
    const yes = await say('Yes, please.');
    expect(addToList.runs.length).toBe(runs + 1);
    expect(addToList.runs.at(-1)).toEqual({ item: 'milk' });
    expect(toolStatuses(ctx.client, yes.id)).toEqual([['add_to_list', 'done']]);
    expect(yes.sent[0]?.map((r) => r.content)).toEqual(['milk added.']);
    expect(yes.done.status).toBe('completed');
  });

  it('does not run it on a no, and the model is told', async () => {
    const { runs } = await askToAddMilk();
    const no = await say('No, thanks.');
    expect(addToList.runs.length).toBe(runs);
    expect(toolStatuses(ctx.client, no.id)).toEqual([['add_to_list', 'declined']]);
    expect(no.sent[0]?.map((r) => r.content)).toEqual(['The user said no: it was not done.']);
  });

  it('asks again when the user says something else, then declines it, and the model answers', async () => {
    const { runs } = await askToAddMilk();
    const again = await say('what is the weather');
    expect(again.done.replyText).toBe(
      "Sorry, I need a plain yes or no. Shall I add 'milk' to your list?",
    );
    expect(again.sent).toEqual([]);
    const other = await say('what is the weather');
    expect(addToList.runs.length).toBe(runs);
    expect(toolStatuses(ctx.client, other.id)).toEqual([['add_to_list', 'declined']]);
    // The fake says the last user words back: the new question reached the ctx.model.
    expect(other.done.replyText).toContain('what is the weather');
    // And nothing is awaited any more: a yes now is only a word.
    const late = await say('yes');
    expect(toolStatuses(ctx.client, late.id)).toEqual([]);
    expect(addToList.runs.length).toBe(runs);
  });

  it('runs it on a tapped Confirm, and not on a tapped Decline', async () => {
    const first = await askToAddMilk();
    await turn({ type: 'tool.answer', confirmId: first.confirmId, confirmed: true });
    expect(addToList.runs.length).toBe(first.runs + 1);
    const second = await askToAddMilk();
    const declined = await turn({
      type: 'tool.answer',
      confirmId: second.confirmId,
      confirmed: false,
    });
    expect(addToList.runs.length).toBe(second.runs);
    expect(toolStatuses(ctx.client, declined.id)).toEqual([['add_to_list', 'declined']]);
  });

  it('says the question in the reply’s voice', async () => {
    ctx.model.script = [{ toolCalls: [{ name: 'add_to_list', arguments: '{"item":"tea"}' }] }];
    const id = ++turnId;
    ctx.client.send({ type: 'user.text', turnId: id, text: 'add tea to my list' });
    const done = await ctx.client.waitForTurn(id);
    expect(done.segments.map((s) => s.text)).toEqual(["Shall I add 'tea' to your list?"]);
    expect(done.nonSilentSamples).toBeGreaterThan(0);
    await say('no');
  });

  it('runs the read-only calls of the round at once, and asks only about the other', async () => {
    const runs = add.runs.length;
    ctx.model.script = [
      {
        toolCalls: [
          { name: 'add', arguments: '{"a":1,"b":1}' },
          { name: 'add_to_list', arguments: '{"item":"eggs"}' },
        ],
      },
    ];
    const asked = await say('add one and one, and eggs to my list');
    expect(add.runs.length).toBe(runs + 1);
    // Announced as each ends: the question at once, the sum once it is done.
    expect(toolStatuses(ctx.client, asked.id)).toEqual([
      ['add_to_list', 'asked'],
      ['add', 'done'],
    ]);
    const yes = await say('sure');
    // The model gets both results, in the order of its calls.
    expect(yes.sent[0]?.map((r) => r.content)).toEqual(['2', 'eggs added.']);
  });
});
