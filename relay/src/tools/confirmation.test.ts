import { describe, expect, it } from 'vitest';
import { confirmationIn, confirmationQuestion } from './confirmation.ts';

describe('confirmationIn', () => {
  it.each([
    ['Yes.', true],
    ['yeah go ahead', true],
    ['Sure, please do!', true],
    ['Okay', true],
    ['yes, and add eggs too', true],
    ['No.', false],
    ['no thanks', false],
    ["Don't.", false],
    ['yes — no, wait', false],
    ['Not now', false],
    ['what time is it', null],
    ['', null],
    ['I guess yes', null],
  ])('%j → %s', (words, expected) => {
    expect(confirmationIn(words)).toBe(expected);
  });
});

describe('confirmationQuestion', () => {
  it("takes the tool's own wording, else one from its name and arguments", () => {
    const addToList = {
      name: 'add_to_list',
      action: (args: Record<string, unknown>) => `add '${String(args.item)}' to your list`,
    };
    expect(confirmationQuestion([{ tool: addToList, args: { item: 'milk' } }])).toBe(
      "Shall I add 'milk' to your list?",
    );
    expect(
      confirmationQuestion([
        { tool: { name: 'setTimer' }, args: { minutes: 10, label: 'tea' } },
        { tool: addToList, args: { item: 'eggs' } },
        { tool: { name: 'send-email' }, args: {} },
      ]),
    ).toBe(
      "Shall I use set timer with minutes 10, label 'tea', add 'eggs' to your list and use send email?",
    );
  });
});
