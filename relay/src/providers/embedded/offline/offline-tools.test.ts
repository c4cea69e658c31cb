import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../../storage/index.ts';
import { BuiltinTools } from '../../../tools/builtin-tools.ts';
import { Toolbox } from '../../../tools/toolbox.ts';
import type { ChatMessage } from '../../types.ts';
import { OfflineResponderLlm } from './provider.ts';
import { respond } from './responder.ts';
import { NO_TOOLS } from './tool-answers.ts';

const NOW = Date.UTC(2026, 10, 22, 14, 7); // Sunday 22 November 2026, 14:07 UTC

/** A conversation as the responder reads it: the user's words and its own replies, in turn. */
function conversation(...turns: string[]): ChatMessage[] {
  return turns.map((content, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content }));
}

describe('the offline responder with the built-in tools', () => {
  let storage: Storage;
  let tools: BuiltinTools;
  const box = (userId: string) =>
    new Toolbox(tools, { userId, sessionId: `s-${userId}`, timeZone: 'UTC', now: () => NOW });
  const say = (userId: string, ...turns: string[]) =>
    respond(conversation(...turns), { now: NOW, timeZone: 'UTC', toolbox: box(userId) });

  beforeEach(async () => {
    storage = await openStorage({ sqlitePath: ':memory:', now: () => NOW });
    tools = new BuiltinTools({ storage, reminderChanged: () => undefined, enabled: true });
  });
  afterEach(() => storage.close());

  it('asks before it sets a reminder, sets it on a yes, and says when', async () => {
    const ask = 'remind me in ten minutes to call my sister';
    const question = await say('alice', ask);
    expect(question).toBe('Shall I remind you in 10 minutes to call your sister?');
    expect(await storage.reminders.pending('alice')).toEqual([]);
    expect(await say('alice', ask, question, 'yes please')).toBe(
      "OK, I'll remind you at 2:17 PM to call your sister.",
    );
    expect(await storage.reminders.pending('alice')).toMatchObject([
      { text: 'call my sister', dueAt: NOW + 600_000 },
    ]);
    expect(await say('alice', 'what reminders do I have')).toBe(
      'You have 1 reminder: at 2:17 PM, call your sister.',
    );
  });

  it('sets nothing on a no, nor on a yes to a question it did not ask', async () => {
    const ask = 'set a timer for five minutes';
    const question = await say('alice', ask);
    expect(question).toBe('Shall I set a timer for 5 minutes?');
    expect(await say('alice', ask, question, 'no')).toBe("OK, I won't set it.");
    expect(await say('alice', ask, 'Something else entirely.', 'yes')).not.toMatch(/^OK/);
    expect(await storage.reminders.pending('alice')).toEqual([]);
    // A question cut short by the user's yes still counts: they heard what it was, or read it
    // (typed over before a word was said).
    expect(await say('alice', ask, 'Shall I set a timer —', 'yes')).toBe(
      'OK, a timer for 5 minutes: it rings at 2:12 PM.',
    );
    expect(await say('alice', ask, '', 'yes')).toMatch(/^OK, a timer for 5 minutes/);
    expect(await storage.reminders.pending('alice')).toHaveLength(2);
  });

  it('remembers on a yes, and recalls in a later conversation for that user only', async () => {
    const ask = "remember that my sister's name is Anna";
    const question = await say('alice', ask);
    expect(question).toBe("Shall I remember that your sister's name is Anna?");
    expect(await say('alice', ask, question, 'sure')).toBe(
      "OK, I'll remember that your sister's name is Anna.",
    );
    expect(await storage.notes.list('alice')).toMatchObject([{ text: "My sister's name is Anna" }]);
    // A new conversation: nothing of the first in the history.
    expect(await say('alice', 'what do you remember')).toBe(
      "You told me that your sister's name is Anna.",
    );
    expect(await say('alice', 'what do you remember about my sister')).toBe(
      "You told me that your sister's name is Anna.",
    );
    expect(await say('alice', 'what do you know about my dog')).toBe(
      "I don't remember anything about dog.",
    );
    expect(await say('bob', 'what do you remember')).toBe(
      "You haven't asked me to remember anything yet.",
    );
  });

  it('asks for a time when a reminder has none', async () => {
    expect(await say('alice', 'remind me to buy milk')).toBe(
      'When? Say, for example: remind me in ten minutes to call Anna.',
    );
  });

  it('says so when the relay has the tools switched off', async () => {
    const off = new BuiltinTools({ storage, reminderChanged: () => undefined, enabled: false });
    const toolbox = new Toolbox(off, { userId: 'alice', sessionId: 's', now: () => NOW });
    const ask = 'remind me in ten minutes to stretch';
    expect(await respond(conversation(ask), { now: NOW })).toBe(NO_TOOLS);
    const question = await respond(conversation(ask), { now: NOW, toolbox });
    expect(await respond(conversation(ask, question, 'yes'), { now: NOW, toolbox })).toBe(NO_TOOLS);
    expect(await respond(conversation('what do you remember'), { now: NOW, toolbox })).toBe(
      NO_TOOLS,
    );
    // What it always did still works: the same tools, run for anyone.
    expect(await respond(conversation('what is 1,234 times 5,678'), { now: NOW })).toBe(
      '1234 times 5678 is 7006652.',
    );
  });

  it('never sets a reminder from a speculative answer that was dropped', async () => {
    const ask = 'remind me in ten minutes to stretch';
    const question = await say('alice', ask);
    // Not promoted (the user went on speaking): what changes anything waits, then never runs.
    const promotion = new Promise<void>(() => undefined);
    let waiting: () => void = () => undefined;
    const waited = new Promise<string>((r) => (waiting = () => r('waiting for the promotion')));
    const then = promotion.then.bind(promotion);
    promotion.then = (resolved, rejected) => {
      waiting();
      return then(resolved, rejected);
    };
    const abort = new AbortController();
    const llm = new OfflineResponderLlm(() => NOW);
    const answering = (async () => {
      const said: string[] = [];
      for await (const e of llm.stream({
        messages: conversation(ask, question, 'yes'),
        signal: abort.signal,
        toolbox: box('alice').until(promotion),
      }))
        if (e.type === 'text') said.push(e.text);
      return `answered: ${said.join('')}`;
    })();
    expect(await Promise.race([waited, answering])).toBe('waiting for the promotion');
    abort.abort(new Error('dropped: the user went on speaking'));
    await expect(answering).rejects.toThrow('dropped');
    expect(await storage.reminders.pending('alice')).toEqual([]);
  });
});
