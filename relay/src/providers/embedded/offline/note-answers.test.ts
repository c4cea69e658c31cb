import { yesOrNo } from '@parley/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../../storage/index.ts';
import { BuiltinTools } from '../../../tools/builtin-tools.ts';
import { confirmationQuestion } from '../../../tools/confirmation.ts';
import type { ToolContext } from '../../../tools/tool.ts';
import { Toolbox } from '../../../tools/toolbox.ts';
import type { ChatMessage, ToolCall } from '../../stages/llm.ts';
import { nextMove } from './responder.ts';

const NOW = Date.UTC(2026, 10, 22, 14, 7); // Sunday 22 November 2026, 14:07 UTC

// Issue 65, item 2: "remember that my sister is called Anna" was kept, but "what is my sister
// called" got "I can't answer that yet"; a fact said twice was kept twice, and a misheard one
// could not be taken back by voice.
describe('the offline responder recalling what it was asked to remember', () => {
  let storage: Storage;
  let tools: BuiltinTools;
  /** Epoch ms the notes are saved at: each one later than the one before. */
  let clock = NOW;
  /** The conversation so far, the user's words and the responder's replies in turn. */
  let history: ChatMessage[];

  /** The call the responder made and the relay asked about, awaiting the user's answer. */
  let asked: ToolCall | null;
  const context: ToolContext = {
    userId: 'alice',
    sessionId: 's',
    timeZone: 'UTC',
    signal: new AbortController().signal,
    now: () => NOW,
  };

  /**
   * The user says `said`; the responder's reply joins the conversation, and is returned. A call
   * it makes is asked about as the relay asks (the tool's own words), and settled by the user's
   * next words as the relay settles it: run on a yes (the shared rule), not run otherwise.
   */
  async function say(said: string): Promise<string> {
    if (asked) {
      const call = asked;
      asked = null;
      const args = JSON.parse(call.arguments) as Record<string, unknown>;
      const ran =
        yesOrNo(said) === 'yes'
          ? await tools.tool(call.name)?.run(args, context)
          : { content: 'The user said no: it was not done.', isError: true };
      history.push(
        { role: 'assistant', content: '', toolCalls: [call] },
        { role: 'tool', callId: call.id, name: call.name, content: ran?.content ?? '' },
      );
    }
    history.push({ role: 'user', content: said });
    const toolbox = new Toolbox(tools, {
      userId: 'alice',
      sessionId: 's',
      timeZone: 'UTC',
      now: () => NOW,
    });
    const offered = new Set((await tools.toolsFor()).map((t) => t.name));
    const move = await nextMove(history, { now: NOW, timeZone: 'UTC', toolbox }, offered);
    if ('text' in move) {
      history.push({ role: 'assistant', content: move.text });
      return move.text;
    }
    asked = {
      id: `call-${history.length}`,
      name: move.call.name,
      arguments: JSON.stringify(move.call.args),
    };
    const action = await tools.tool(move.call.name)?.action?.(move.call.args, context);
    return confirmationQuestion([action ?? move.call.name]);
  }
  const kept = async () => (await storage.notes.list('alice')).map((n) => n.text);

  beforeEach(async () => {
    clock = NOW;
    storage = await openStorage({ sqlitePath: ':memory:', now: () => clock });
    tools = new BuiltinTools({ storage, reminderChanged: () => undefined, enabled: true });
    history = [];
    asked = null;
  });
  afterEach(() => storage.close());

  async function remember(fact: string): Promise<void> {
    clock += 60_000;
    expect(await say(`remember that ${fact}`)).toMatch(/^Shall I remember that /);
    expect(await say('yes')).toMatch(/^OK, I'll remember that /);
  }

  it('answers a question about a saved fact with the fact', async () => {
    await remember('my sister is called Anna');
    await remember("my sister's birthday is on May 3");
    expect(await say('what is my sister called')).toBe('You told me your sister is called Anna.');
    expect(await say('What date is my sisters birthday?')).toBe(
      "You told me your sister's birthday is on May 3.",
    );
    expect(await say('what do you know about my sister')).toBe(
      "You told me that your sister's birthday is on May 3 and that your sister is called Anna.",
    );
    // Its own rules still answer what no note is about.
    expect(await say('what is the date')).toBe('Today is Sunday, November 22, 2026.');
  });

  it('says it was not told, rather than that it cannot answer, a question about the user', async () => {
    await remember('my sister is called Anna');
    expect(await say('what is my wife called')).toMatch(/^You haven't told me that\./);
    expect(await say('what is the capital of France')).toMatch(/I can't answer that yet/);
  });

  it('does not keep a fact twice, in other words or not', async () => {
    await remember('my sister is called Anna');
    expect(await say("remember that my sister's name is Anna")).toBe(
      'I already remember that your sister is called Anna.',
    );
    expect(await say('remember that My sister is called Anna.')).toBe(
      'I already remember that your sister is called Anna.',
    );
    expect(await kept()).toEqual(['My sister is called Anna']);
  });

  it('forgets the last note on "forget that", after asking which it is', async () => {
    await remember('the spare key is under the mat');
    await remember('my sister is called and a');
    expect(await say('forget that')).toBe("Shall I forget the note 'My sister is called and a'?");
    expect(await kept()).toHaveLength(2);
    expect(await say('yes')).toBe("OK, I've forgotten that your sister is called and a.");
    expect(await kept()).toEqual(['The spare key is under the mat']);
  });

  it('forgets the note about what the user names, and keeps it on a no', async () => {
    await remember('the spare key is under the mat');
    await remember('my sister is called Anna');
    expect(await say('forget about the key')).toBe(
      "Shall I forget the note 'The spare key is under the mat'?",
    );
    expect(await say('no')).toBe("OK, I'll keep it.");
    expect(await kept()).toHaveLength(2);
    expect(await say('forget about my car')).toBe("I don't remember anything about your car.");
    expect(await say('forget about the key')).toMatch(/^Shall I forget the note 'The spare key/);
    expect(await say('yes please')).toBe("OK, I've forgotten that the spare key is under the mat.");
    expect(await kept()).toEqual(['My sister is called Anna']);
  });
});
