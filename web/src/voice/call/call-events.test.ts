import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../state/store.ts';
import { isLateWords, turnEventsToStore } from './call-events.ts';
import { CallPhase } from './call-phase.ts';

describe('an utterance the page dropped', () => {
  it('is gone from the page, and the relay words of it still on their way do not bring it back', () => {
    const { store, actions } = createAppStore();
    const dropped = new Set<number>();
    const events = turnEventsToStore(actions, new CallPhase((p) => actions.setCall(p)), dropped);
    const partial = (turnId: number, text: string) =>
      ({ type: 'transcript.partial', turnId, text }) as const;
    /** What the call does with a relay message (voice-call's onMessage). */
    const relay = (m: ReturnType<typeof partial>) => {
      if (!isLateWords(m, dropped)) actions.serverMessage(m);
    };
    const userTexts = () =>
      store
        .getState()
        .entries.filter((e) => e.role === 'user')
        .map((e) => e.text);

    events.userTurn(2, '', false);
    relay(partial(2, 'yeah'));
    expect(userTexts()).toEqual(['yeah']);
    // A backchannel over the reply: the page cancels it; the relay sent one more word before
    // it had the cancel.
    events.userTurnDropped(2);
    relay(partial(2, 'yeah yeah'));
    expect(userTexts()).toEqual([]);
    // The next utterance's words are shown as ever.
    events.userTurn(3, '', false);
    relay(partial(3, 'wait'));
    expect(userTexts()).toEqual(['wait']);
  });
});
