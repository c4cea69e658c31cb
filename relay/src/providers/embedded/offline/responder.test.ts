import { llmConformance } from '../../../../test/conformance/llm-conformance.ts';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../stages/llm.ts';
import { calculate } from './arithmetic.ts';
import { OfflineResponderLlm } from './provider.ts';
import { CANNOT_ANSWER, CANNOT_ANSWER_AGAIN, respond } from './responder.ts';

const NOW = Date.UTC(2026, 10, 22, 14, 7); // Sunday 22 November 2026, 14:07 UTC

function chat(...userTurns: string[]): ChatMessage[] {
  return userTurns
    .flatMap((content) => [
      { role: 'user' as const, content },
      { role: 'assistant' as const, content: 'ok' },
    ])
    .slice(0, -1);
}

describe('offline responder', () => {
  it('hears the time question when the recogniser loses its last word', async () => {
    for (const heard of ['what time is a', 'what time is', 'What time is at?'])
      expect(await respond(chat(heard), { now: NOW, timeZone: 'UTC' }), heard).toBe(
        "It's 2:07 PM.",
      );
    expect(await respond(chat('what time is the meeting'), { now: NOW, timeZone: 'UTC' })).toBe(
      CANNOT_ANSWER,
    );
  });

  it('hears "what can you do" when the recogniser loses or mishears its last word', async () => {
    for (const heard of ['what can you', 'what can you tube', 'What can you do?'])
      expect(await respond(chat(heard), { now: NOW, timeZone: 'UTC' }), heard).toMatch(
        /^I'm the offline responder\. I can tell you the time/,
      );
    expect(await respond(chat('what can you tell me about rain'), { now: NOW })).toBe(
      CANNOT_ANSWER,
    );
  });

  it('tells the time in the user time zone', async () => {
    expect(await respond(chat('what time is it'), { now: NOW, timeZone: 'UTC' })).toBe(
      "It's 2:07 PM.",
    );
    expect(await respond(chat('what time is it'), { now: NOW, timeZone: 'Asia/Tokyo' })).toBe(
      "It's 11:07 PM.",
    );
  });

  it('falls back to the relay zone for an invalid zone instead of failing', async () => {
    expect(await respond(chat('what time is it'), { now: NOW, timeZone: 'Mars/Olympus' })).toMatch(
      /^It's \d+:07 [AP]M\.$/,
    );
  });

  it('tells the date', async () => {
    expect(await respond(chat('what is the date today'), { now: NOW, timeZone: 'UTC' })).toBe(
      'Today is Sunday, November 22, 2026.',
    );
  });

  it.each([
    ['what is two plus two', '2 plus 2 is 4.'],
    ['what is 12 times 7', '12 times 7 is 84.'],
    ['one hundred and five divided by five', '105 divided by 5 is 21.'],
    ['what is two plus three times four', '2 plus 3 times 4 is 14.'],
    [
      'what is ten divided by zero',
      "10 divided by 0 is undefined, because you can't divide by zero.",
    ],
    ['three point five minus one', '3.5 minus 1 is 2.5.'],
  ])('does arithmetic: %s', async (question, answer) => {
    const got = await respond(chat(question), { now: NOW });
    expect(got.toLowerCase()).toBe(answer.toLowerCase());
  });

  it('remembers what the user said before', async () => {
    expect(await respond(chat('hello how are you', 'what did I just say'), { now: NOW })).toBe(
      'You said: "hello how are you".',
    );
    expect(await respond(chat('what did i just say'), { now: NOW })).toMatch(/first thing/);
  });

  it('says in one short sentence that it cannot answer anything else, shorter the next time', async () => {
    const first = await respond(chat('tell me about whales'), { now: NOW });
    expect(first).toBe("I can't answer that yet; connect a model in Settings.");
    // One sentence, under ~3 s of speech (Flite speaks ~3 words a second).
    expect(first.split(/[.!?]\s/)).toHaveLength(1);
    expect(first.split(/\s+/).length).toBeLessThanOrEqual(10);
    const second = await respond(chat('tell me about whales', 'and dolphins'), { now: NOW });
    expect(second).toBe(CANNOT_ANSWER_AGAIN);
    // What it answers well is still answered after a fallback.
    expect(await respond(chat('tell me about whales', 'what is two plus two'), { now: NOW })).toBe(
      '2 plus 2 is 4.',
    );
  });

  // Moonshine writes goodbye as the dictionary does: "Good-bye." or, as often, "Good-by,".
  it.each(['goodbye', 'Good-bye.', 'Good-by.', 'good-by,', 'Goodby.', 'Bye-bye!', 'good bye'])(
    'answers "%s" as a goodbye',
    async (said) => {
      expect(await respond(chat(said), { now: NOW })).toBe('Goodbye! Talk to you soon.');
      // Nor does it count as a question it could not answer.
      expect(await respond(chat(said, 'tell me about whales'), { now: NOW })).toBe(CANNOT_ANSWER);
    },
  );

  it('takes "good by" in a sentence for no goodbye', async () => {
    expect(await respond(chat('that is good by me'), { now: NOW })).toBe(CANNOT_ANSWER);
  });

  it('answers help', async () => {
    expect(await respond(chat('help'), { now: NOW })).toContain('Connect a model in Settings');
  });
});

describe('calculate', () => {
  it('ignores text without an expression', () => {
    expect(calculate('I have two cats')).toBeNull();
    expect(calculate('')).toBeNull();
  });
});

describe('OfflineResponderLlm', () => {
  it('streams the answer in pieces and reports usage', async () => {
    const llm = new OfflineResponderLlm(() => NOW);
    const events = [];
    for await (const e of llm.stream({
      messages: chat('what is two plus two'),
      signal: new AbortController().signal,
    }))
      events.push(e);
    const text = events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
    expect(text).toBe('2 plus 2 is 4.');
    expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(1);
    expect(events.at(-1)).toEqual({ type: 'usage', inputTokens: 5, outputTokens: 6 });
  });

  it('stops when aborted', async () => {
    const llm = new OfflineResponderLlm(() => NOW);
    const ac = new AbortController();
    const got: string[] = [];
    await expect(async () => {
      for await (const e of llm.stream({ messages: chat('help'), signal: ac.signal })) {
        if (e.type === 'text') got.push(e.text);
        ac.abort();
      }
    }).rejects.toThrow();
    expect(got).toHaveLength(1);
  });
});

// The offline responder calls no service: the contract of a service's failures does not apply.
llmConformance('OfflineResponderLlm', {
  start: () => Promise.resolve({ llm: new OfflineResponderLlm(), close: () => Promise.resolve() }),
  reportsPrompt: false,
});
