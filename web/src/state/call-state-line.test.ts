import { describe, expect, it } from 'vitest';
import { intlFor } from '../i18n/intl.ts';
import { stateLine, type StateLineInput } from './call-state-line.ts';
import type { CallState } from './types.ts';

const live: StateLineInput = {
  call: 'listening',
  connection: 'connected',
  muted: false,
  micProblem: null,
  waitingForHold: false,
};
const line = (over: Partial<StateLineInput>) => stateLine(intlFor('en'), { ...live, ...over });

describe('the state line', () => {
  it('follows a turn: listening, hearing you, thinking, speaking, listening', () => {
    const calls: CallState[] = ['listening', 'user-speaking', 'thinking', 'speaking', 'listening'];
    expect(calls.map((call) => line({ call }).state)).toEqual([
      'listening',
      'hearing',
      'thinking',
      'speaking',
      'listening',
    ]);
    expect(line({ call: 'user-speaking' }).text).toBe('Hearing you…');
  });

  it('in push-to-talk, asks the user to hold the control until they do', () => {
    expect(line({ waitingForHold: true })).toEqual({
      state: 'listening',
      text: 'Hold the button (or Space) to talk',
    });
    expect(line({ waitingForHold: true, call: 'speaking' }).text).toBe('Speaking');
    expect(line({ waitingForHold: true, muted: true }).state).toBe('muted');
  });

  it('says muted while it is the user’s turn, and marks the assistant’s turn muted', () => {
    expect(line({ muted: true })).toEqual({
      state: 'muted',
      text: 'Muted — nothing you say is sent',
    });
    expect(line({ muted: true, call: 'user-speaking' }).state).toBe('muted');
    expect(line({ muted: true, call: 'speaking' })).toEqual({
      state: 'speaking',
      text: 'Speaking · muted',
    });
  });

  it('says reconnecting over anything else during a call, and nothing of it outside one', () => {
    for (const call of ['listening', 'speaking', 'thinking'] as const)
      expect(line({ call, connection: 'reconnecting', muted: true }).state).toBe('reconnecting');
    expect(line({ call: 'idle', connection: 'reconnecting' }).state).toBe('idle');
  });

  it('puts a microphone problem before mute and the turn', () => {
    expect(line({ micProblem: 'Microphone paused', muted: true })).toEqual({
      state: 'microphone',
      text: 'Microphone paused',
    });
  });

  it('is the same line for the same state (no new announcement)', () => {
    expect(line({ call: 'speaking' })).toEqual(line({ call: 'speaking' }));
  });
});
