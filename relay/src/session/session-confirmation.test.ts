import { describe, expect, it } from 'vitest';
import { DEFAULT_TOOL_ROUNDS } from '../tools/tool-rounds-config.ts';
import { STILL_THERE_LINE } from './quiet/call-silence-watch.ts';
import { sessionKits, type SessionKit, type SessionKitOptions } from './session.test-kit.ts';
import { ADD_MILK_QUESTION as QUESTION, askedToAddMilk } from './tools/add-to-list.test-kit.ts';

const kit = sessionKits();

/** A session whose model asks to add milk in turn 1, and the question's `confirmId`. */
async function asked(options: SessionKitOptions = {}) {
  const { k, list } = await askedToAddMilk(kit, options);
  return { k, list, confirmId: confirmIds(k).at(-1) ?? '' };
}

/** The `confirmId` of each question asked so far, in order. */
const confirmIds = (k: SessionKit) => k.link.messages('tool.confirm').map((m) => m.confirmId);

/** How each call of turn `turnId` ended. */
const statuses = (k: SessionKit, turnId: number) =>
  k.link
    .messages('tool.result')
    .filter((m) => m.turnId === turnId)
    .map((m) => [m.name, m.status, m.summary]);

/** Turn `turnId` is the user's tap on Confirm (or Decline) of `confirmId`. */
const taps = (k: SessionKit, turnId: number, confirmId: string, confirmed = true) =>
  k.session.handle({ type: 'tool.answer', turnId, confirmId, confirmed });

// Issue 60 item 2: each of these answers to "Shall I …?" ran the call, as a yes.
describe('an answer that is not only a yes', () => {
  it.each([
    'please tell me what that note says first',
    'sure but only the banana one',
    'right which note is that',
    'ok what time is it',
    'alright hmm let me think',
  ])('%j runs nothing: the relay asks again, plainly, then declines', async (words) => {
    const { k, list, confirmId } = await asked();
    k.types(2, words);
    const again = await k.turnDone(2);
    expect(again.reply).toBe(`Sorry, I need a plain yes or no. ${QUESTION}`);
    // Asked anew: the page's buttons answer the new question; the old one is closed.
    expect(confirmIds(k)).toHaveLength(2);
    expect(confirmIds(k)[1]).not.toBe(confirmId);
    expect(k.link.messages('tool.closed')).toEqual([
      { type: 'tool.closed', confirmId, outcome: 'asked-again' },
    ]);
    expect(k.providers.llm.requests).toBe(1);
    // The same again: declined, and the model answers the words.
    k.types(3, words);
    await k.turnDone(3);
    expect(statuses(k, 3)).toEqual([['add_to_list', 'declined', 'not confirmed']]);
    expect(list.runs).toEqual([]);
    expect(k.link.messages('tool.closed').map((m) => m.outcome)).toEqual([
      'asked-again',
      'answered',
    ]);
  });

  it('a plain yes after being asked again runs it', async () => {
    const { k, list } = await asked();
    k.types(2, 'which list');
    await k.turnDone(2);
    k.types(3, 'yes please');
    await k.turnDone(3);
    expect(statuses(k, 3)).toEqual([['add_to_list', 'done', 'added']]);
    expect(list.runs).toEqual([{ item: 'milk' }]);
  });
});

// Issue 60 item 11: a tap on a question no longer open confirmed whatever was open then.
describe('a tap', () => {
  it('answers the question it was shown with, and no other', async () => {
    const { k, list, confirmId: first } = await asked();
    // No: declined; the model asks about milk once more — a second question.
    k.providers.llm.script = [
      { toolCalls: [{ name: 'add_to_list', arguments: '{"item":"milk"}' }] },
    ];
    k.types(2, 'no');
    await k.turnDone(2);
    const second = confirmIds(k).at(-1) ?? '';
    expect(second).not.toBe(first);
    // The first question's Confirm, tapped late: it decides nothing, and the open one is asked.
    taps(k, 3, first);
    const late = await k.turnDone(3);
    expect(late.reply).toBe(`That answer was for an earlier question. ${QUESTION}`);
    expect(statuses(k, 3)).toEqual([]);
    expect(list.runs).toEqual([]);
    // The open question's own tap runs it.
    taps(k, 4, confirmIds(k).at(-1) ?? '');
    await k.turnDone(4);
    expect(statuses(k, 4)).toEqual([['add_to_list', 'done', 'added']]);
    expect(list.runs).toEqual([{ item: 'milk' }]);
    // Nothing open now: a tap on any question only says so; the model is not asked.
    const requests = k.providers.llm.requests;
    taps(k, 5, second);
    expect((await k.turnDone(5)).reply).toBe('That question was already closed, so I did nothing.');
    expect(k.providers.llm.requests).toBe(requests);
    expect(list.runs).toHaveLength(1);
  });
});

// Issue 60 item 3: the check-in's "yes" ran the call awaited before it.
describe('a question awaiting a yes', () => {
  it('is declined when the relay says a line of its own, and the page is told', async () => {
    const { k, list, confirmId } = await asked();
    await k.session.say(STILL_THERE_LINE);
    expect(k.link.messages('tool.closed')).toEqual([
      { type: 'tool.closed', confirmId, outcome: 'withdrawn' },
    ]);
    // The user's yes answers the check-in: it runs nothing.
    k.types(3, 'yes');
    await k.turnDone(3);
    expect(statuses(k, 3)).toEqual([]);
    expect(list.runs).toEqual([]);
  });

  it('expires: declined after its time limit, the page told; a yes after runs nothing', async () => {
    const { k, list, confirmId } = await asked({
      toolRounds: { ...DEFAULT_TOOL_ROUNDS, confirmTimeoutMs: 50 },
    });
    await expect
      .poll(() => k.link.messages('tool.closed'))
      .toEqual([{ type: 'tool.closed', confirmId, outcome: 'expired' }]);
    k.types(2, 'yes');
    await k.turnDone(2);
    expect(statuses(k, 2)).toEqual([]);
    expect(list.runs).toEqual([]);
  });
});
