import type { ServerMessage } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { PackageView } from './package-view.ts';

const confirm = (turnId: number, confirmId: string): ServerMessage => ({
  type: 'tool.confirm',
  seq: 1,
  turnId,
  confirmId,
  calls: [{ callId: 'c', name: 'delete_note', arguments: '{}', action: 'Delete it' }],
  question: 'Delete it?',
});

describe('PackageView: what a call reads of its conversation when the page does not say', () => {
  it('numbers turns after the highest it sent or heard, from 1', () => {
    const view = new PackageView(false, null);
    expect(view.nextTurnId()).toBe(1);
    view.observe.transcript({ turnId: 1, text: '', final: false });
    expect(view.nextTurnId()).toBe(2);
    view.observe.message({ type: 'reply.delta', seq: 1, turnId: 4, text: 'Hi' });
    expect(view.nextTurnId()).toBe(5);
    view.observe.turn({ kind: 'dropped', turnId: 2 });
    expect(view.nextTurnId()).toBe(5);
  });

  it('continues a stored conversation after its last turn, and forgets it once continued', () => {
    const view = new PackageView(false, { sessionId: 's1', lastTurnId: 7 });
    expect(view.continuing()).toEqual({ sessionId: 's1', lastTurnId: 7 });
    expect(view.nextTurnId()).toBe(8);
    view.observe.session({ kind: 'continued' });
    expect(view.continuing()).toBeNull();
    expect(view.nextTurnId()).toBe(8);
  });

  it('forgets a continuation the relay refused for good, and one set to null', () => {
    const view = new PackageView(false, null);
    view.continueFrom({ sessionId: 's2', lastTurnId: 2 });
    view.observe.session({ kind: 'not-continued' });
    expect(view.continuing()).toBeNull();
    view.continueFrom({ sessionId: 's3', lastTurnId: 1 });
    view.continueFrom(null);
    expect(view.continuing()).toBeNull();
    // The turns keep increasing.
    expect(view.nextTurnId()).toBe(3);
  });

  it('keeps "speak replies" as set', () => {
    const view = new PackageView(true, null);
    expect(view.speakReplies()).toBe(true);
    view.setSpeakReplies(false);
    expect(view.speakReplies()).toBe(false);
  });

  it('has a question open from its asking until a tap, its close, or a later turn', () => {
    const view = new PackageView(false, null);
    expect(view.questionOpen()).toBe(false);
    view.observe.message(confirm(3, 'q1'));
    expect(view.questionOpen()).toBe(true);
    view.answered('q1');
    expect(view.questionOpen()).toBe(false);

    view.observe.message(confirm(4, 'q2'));
    view.observe.message({ type: 'tool.closed', confirmId: 'q-other', outcome: 'expired' });
    expect(view.questionOpen()).toBe(true);
    view.observe.message({ type: 'tool.closed', confirmId: 'q2', outcome: 'expired' });
    expect(view.questionOpen()).toBe(false);

    view.observe.message(confirm(5, 'q3'));
    view.observe.transcript({ turnId: 5, text: '', final: false });
    expect(view.questionOpen()).toBe(true);
    view.observe.transcript({ turnId: 6, text: '', final: false });
    expect(view.questionOpen()).toBe(false);
  });
});
