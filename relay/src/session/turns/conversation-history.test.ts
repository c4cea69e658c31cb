import { describe, expect, it } from 'vitest';
import { ConversationHistory, historyOfTurns } from './conversation-history.ts';

describe('historyOfTurns', () => {
  it('rebuilds what the LLM was told: no failed turns, no silent ones, replies as heard', () => {
    const turns = [
      { userText: 'my name is Ada', assistantText: 'Hello Ada.', status: 'completed' },
      { userText: 'what time is it', assistantText: 'Sorry, I can’t…', status: 'failed' },
      { userText: '', assistantText: '', status: 'empty' },
      { userText: 'tell me a story', assistantText: 'Once upon', status: 'cancelled' },
      { userText: 'stop', assistantText: '', status: 'completed' },
    ];
    expect(historyOfTurns(turns)).toEqual([
      { role: 'user', content: 'my name is Ada' },
      { role: 'assistant', content: 'Hello Ada.' },
      { role: 'user', content: 'tell me a story' },
      { role: 'assistant', content: 'Once upon' },
      { role: 'user', content: 'stop' },
    ]);
  });

  it('keeps the newest messages when there are more than the cap', () => {
    const turns = Array.from({ length: 5 }, (_, i) => ({
      userText: `q${i}`,
      assistantText: `a${i}`,
      status: 'completed',
    }));
    const history = new ConversationHistory(4, historyOfTurns(turns));
    expect(history.snapshot().map((m) => m.content)).toEqual(['q3', 'a3', 'q4', 'a4']);
  });
});

describe('ConversationHistory', () => {
  it('takes out the exchange of a turn whose question is asked again, and only that one', () => {
    const history = new ConversationHistory(10, [{ role: 'user', content: 'restored' }]);
    const done = (turnId: number, transcript: string, reply: string) =>
      history.add({ turnId, transcript, reply, status: 'completed' });
    done(1, 'hello', 'Hi.');
    done(2, 'what is the weather', "Sorry, I can't answer that yet.");
    done(3, 'thanks', "You're welcome.");
    history.remove(2);
    history.remove(7);
    expect(history.snapshot().map((m) => m.content)).toEqual([
      'restored',
      'hello',
      'Hi.',
      'thanks',
      "You're welcome.",
    ]);
  });

  it('leaves a line of the assistant’s own out, and the reply before it whole when that line is cut', () => {
    const history = new ConversationHistory(10);
    history.add({ turnId: 1, transcript: 'hello', reply: 'Hi there.', status: 'completed' });
    const checkIn = 'Are you still there?';
    history.add({ turnId: 2, transcript: '', reply: checkIn, status: 'completed' });
    // The user spoke over the check-in: its record is cut (true), the history has nothing of it.
    expect(history.truncate(2, 'Are you')).toBe(true);
    expect(history.snapshot().map((m) => m.content)).toEqual(['hello', 'Hi there.']);
    expect(history.truncate(1, 'Hi')).toBe(false);
  });
});
