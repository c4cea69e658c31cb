import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../../storage/index.ts';
import { BuiltinTools } from '../../../tools/builtin-tools.ts';
import { confirmationQuestion } from '../../../tools/confirmation.ts';
import type { ToolContext } from '../../../tools/tool.ts';
import { Toolbox } from '../../../tools/toolbox.ts';
import type { ChatMessage, LlmEvent, ToolCall } from '../../stages/llm.ts';
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
  const context = (userId: string): ToolContext => ({
    userId,
    sessionId: `s-${userId}`,
    timeZone: 'UTC',
    signal: new AbortController().signal,
    now: () => NOW,
  });
  const box = (userId: string) =>
    new Toolbox(tools, { userId, sessionId: `s-${userId}`, timeZone: 'UTC', now: () => NOW });
  const say = (userId: string, ...turns: string[]) =>
    respond(conversation(...turns), { now: NOW, timeZone: 'UTC', toolbox: box(userId) });

  /** What the responder yields for `messages`, offered the built-ins that change things. */
  async function streamed(messages: ChatMessage[], offered = ['save_note', 'set_reminder']) {
    const events: LlmEvent[] = [];
    const llm = new OfflineResponderLlm(() => NOW);
    for await (const e of llm.stream({
      messages,
      signal: new AbortController().signal,
      tools: offered.map((name) => ({ name, description: name, inputSchema: { type: 'object' } })),
    }))
      events.push(e);
    return events;
  }

  /**
   * `ask` said, the responder's call, asked about and settled by the relay as the user answered
   * (`answer`: a yes runs it, for `userId`, as the relay would): the conversation the responder
   * then reads, and the question the relay asked.
   */
  async function settled(userId: string, ask: string, answer: string) {
    const events = await streamed(conversation(ask));
    const call = events.find((e): e is { type: 'tool-call' } & ToolCall => e.type === 'tool-call');
    if (!call) throw new Error(`no call for ${ask}: ${JSON.stringify(events)}`);
    expect(events.some((e) => e.type === 'text')).toBe(false);
    const tool = tools.tool(call.name);
    if (!tool?.action) throw new Error(`${call.name} words no question`);
    const args = JSON.parse(call.arguments) as Record<string, unknown>;
    const question = confirmationQuestion([await tool.action(args, context(userId))]);
    const ran =
      answer === 'yes please' || answer === 'sure'
        ? await tool.run(args, context(userId))
        : { content: 'The user said no: it was not done.', isError: true };
    const history: ChatMessage[] = [
      { role: 'user', content: ask },
      { role: 'assistant', content: '', toolCalls: [call] },
      { role: 'tool', callId: call.id, name: call.name, content: ran.content },
      { role: 'user', content: answer },
    ];
    return { call, question, history };
  }

  beforeEach(async () => {
    storage = await openStorage({ sqlitePath: ':memory:', now: () => NOW });
    tools = new BuiltinTools({ storage, reminderChanged: () => undefined, enabled: true });
  });
  afterEach(() => storage.close());

  // Issue 65 item 3: its "Shall I…?" had no Confirm and Decline. It calls the tool now, and the
  // relay asks — the same question, the same buttons, the same rule of what a yes is.
  it('calls set_reminder as a model would; the relay asks; it says when, once set on the yes', async () => {
    const ask = 'remind me in ten minutes to call my sister';
    const { call, question, history } = await settled('alice', ask, 'yes please');
    expect(call).toMatchObject({
      name: 'set_reminder',
      arguments: JSON.stringify({ text: 'call my sister', delaySeconds: 600 }),
    });
    expect(question).toBe('Shall I remind you in 10 minutes to call your sister?');
    expect(await respond(history, { now: NOW, timeZone: 'UTC' })).toBe(
      "OK, I'll remind you at 2:17 PM to call your sister.",
    );
    expect(await storage.reminders.pending('alice')).toMatchObject([
      { text: 'call my sister', dueAt: NOW + 600_000 },
    ]);
    expect(await say('alice', 'what reminders do I have')).toBe(
      'You have 1 reminder: at 2:17 PM, call your sister.',
    );
  });

  it('sets nothing itself: on a no it says so, and other words after are answered as words', async () => {
    const ask = 'set a timer for five minutes';
    const { question, history } = await settled('alice', ask, 'no');
    expect(question).toBe('Shall I set a timer for 5 minutes?');
    expect(await respond(history, { now: NOW, timeZone: 'UTC' })).toBe("OK, I won't set it.");
    const asked = history.slice(0, -1);
    expect(
      await respond([...asked, { role: 'user', content: 'what time is it' }], {
        now: NOW,
        timeZone: 'UTC',
      }),
    ).toBe("It's 2:07 PM.");
    expect(await storage.reminders.pending('alice')).toEqual([]);
    const timer = await settled('alice', ask, 'sure');
    expect(await respond(timer.history, { now: NOW, timeZone: 'UTC' })).toBe(
      'OK, a timer for 5 minutes: it rings at 2:12 PM.',
    );
  });

  it('remembers on a yes, and recalls in a later conversation for that user only', async () => {
    const ask = "remember that my sister's name is Anna";
    const { question, history } = await settled('alice', ask, 'sure');
    expect(question).toBe("Shall I remember that your sister's name is Anna?");
    expect(await respond(history, { now: NOW })).toBe(
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
    // Not offered the tool (switched off): it calls nothing, and says why.
    const events = await streamed(conversation(ask), []);
    expect(events.filter((e) => e.type === 'tool-call')).toEqual([]);
    expect(events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('')).toBe(NO_TOOLS);
    expect(await respond(conversation('what do you remember'), { now: NOW, toolbox })).toBe(
      NO_TOOLS,
    );
    // What it always did still works: the same tools, run for anyone.
    expect(await respond(conversation('what is 1,234 times 5,678'), { now: NOW })).toBe(
      '1234 times 5678 is 7006652.',
    );
  });

  it('takes "yes" to a question it did not ask as no yes to anything', async () => {
    const ask = 'set a timer for five minutes';
    // Its question in the text alone (no call): nothing is set, whatever the yes.
    expect(await say('alice', ask, 'Shall I set a timer for 5 minutes?', 'yes')).not.toMatch(/^OK/);
    expect(await storage.reminders.pending('alice')).toEqual([]);
  });
});
