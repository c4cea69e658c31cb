import { MAX_CONFIRM_ACTION_CHARS } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { confirmationQuestion, shortened, spokenValue, wordedAction } from './confirmation.ts';
import type { ToolContext } from './tool.ts';

const context: ToolContext = {
  userId: 'u',
  sessionId: 's',
  signal: new AbortController().signal,
  now: () => 0,
};

/** The words of a call of `tool` on `args`, or why it cannot be asked about. */
const worded = (tool: Parameters<typeof wordedAction>[0], args: Record<string, unknown>) =>
  wordedAction(tool, args, JSON.stringify(args), context);

describe('the question about calls that change something', () => {
  it("takes the tool's own wording, else one from its name and every argument", async () => {
    const addToList = {
      name: 'add_to_list',
      action: (args: Record<string, unknown>) => `add '${String(args.item)}' to your list`,
    };
    const actions = [
      await worded({ name: 'setTimer' }, { minutes: 10, label: 'tea' }),
      await worded(addToList, { item: 'eggs' }),
      await worded({ name: 'send-email' }, {}),
    ].map((w) => (w.ok ? w.action : w.reason));
    expect(confirmationQuestion(actions)).toBe(
      "Shall I use set timer with minutes 10 and label 'tea', add 'eggs' to your list and use send email?",
    );
  });

  // Issue 60 item 5: a transfer was confirmed with its recipient never said (3 arguments named).
  it('names every argument of a call, the recipient of a transfer too', async () => {
    const transfer = await worded(
      { name: 'transfer' },
      { memo: 'rent for March', amount: 1200, currency: 'EUR', to: 'NL91ABNA0417164300' },
    );
    expect(transfer).toEqual({
      ok: true,
      action:
        "use transfer with memo 'rent for March', amount 1200, currency 'EUR' and to 'NL91ABNA0417164300'",
    });
  });

  it('says a long value by its start and its end, and keeps every key', async () => {
    const memo = `${'a'.repeat(100)} the end`;
    const said = await worded({ name: 'transfer' }, { memo, to: 'Mallory' });
    expect(said.ok && said.action).toBe(
      `use transfer with memo '${'a'.repeat(28)} … ${'a'.repeat(20)} the end' and to 'Mallory'`,
    );
    expect(shortened('x'.repeat(61)).length).toBeLessThanOrEqual(60);
    expect(shortened('short')).toBe('short');
    expect(spokenValue({ nested: [1, 2] })).toBe('{"nested":[1,2]}');
  });

  it('refuses to word a call too long to say, or whose arguments are too long to show whole', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`recipient_${String(i)}`, `person${String(i)}`]),
    );
    const said = await worded({ name: 'send_money' }, many);
    expect(said).toMatchObject({ ok: false, reason: 'too-long' });
    expect(said.ok ? 0 : said.chars).toBeGreaterThan(MAX_CONFIRM_ACTION_CHARS);
    const huge = { text: 'x'.repeat(3_000) };
    expect(await wordedAction({ name: 'save' }, huge, JSON.stringify(huge), context)).toMatchObject(
      { ok: false, reason: 'too-long' },
    );
  });
});
