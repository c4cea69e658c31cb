import { describe, expect, it } from 'vitest';
import { createAppStore } from './store.ts';

describe('a new conversation', () => {
  it('clears the transcript, the past conversation continued and the session, keeping the rest', () => {
    const { store, actions } = createAppStore();
    actions.continueConversation({ sessionId: 's-old', title: 'Small talk' }, [
      { key: 'user-1', role: 'user', turnId: 1, text: 'hello', final: true },
    ]);
    actions.setSessionId('s-old');
    actions.setCost(1200, 5000);
    actions.setNotice('The relay restarted.');
    actions.setSpeakReplies(true);
    actions.newConversation();
    const s = store.getState();
    expect(s.entries).toEqual([]);
    expect(s.continuing).toBeNull();
    expect(s.sessionId).toBeNull();
    expect(s.sessionCostMicros).toBe(0);
    expect(s.notice).toBeNull();
    // The user's day and their own choices are not the conversation's.
    expect(s.userDayCostMicros).toBe(5000);
    expect(s.speakReplies).toBe(true);
  });
});
