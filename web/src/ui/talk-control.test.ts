import { describe, expect, it } from 'vitest';
import { intlFor } from '../i18n/intl.ts';
import { talkControl, type TalkControlState } from './talk-control.ts';

const at = (s: Partial<TalkControlState>) =>
  talkControl(intlFor('en'), {
    call: 'listening',
    mode: 'hands-free',
    held: false,
    muted: false,
    ...s,
  });

describe('talkControl', () => {
  it('starts the call when idle, and is unusable while it starts', () => {
    expect(at({ call: 'idle' })).toMatchObject({ label: 'Talk', tap: 'start' });
    expect(at({ call: 'starting' })).toMatchObject({ disabled: true, tap: null });
  });

  it('hands-free: stops the reply while the assistant thinks or speaks, never ends the call', () => {
    expect(at({ call: 'speaking' })).toMatchObject({ label: 'Interrupt', tap: 'interrupt' });
    expect(at({ call: 'thinking' })).toMatchObject({ tap: 'interrupt' });
    expect(at({ call: 'listening' })).toMatchObject({ label: 'Listening', tap: null });
    expect(at({ call: 'user-speaking' })).toMatchObject({ tap: null, hold: false });
  });

  it('push-to-talk: held to talk in every state (a press stops the reply)', () => {
    for (const call of ['listening', 'speaking', 'thinking'] as const)
      expect(at({ call, mode: 'push-to-talk' })).toMatchObject({ hold: true, tap: null });
    expect(at({ mode: 'push-to-talk', held: true }).label).toBe('Release to send');
  });

  it('muted: nothing to hold; the reply can still be stopped', () => {
    expect(at({ mode: 'push-to-talk', muted: true })).toMatchObject({
      label: 'Muted',
      hold: false,
    });
    expect(at({ mode: 'push-to-talk', muted: true, call: 'speaking' }).tap).toBe('interrupt');
  });

  it('names its key where one does the same (aria-keyshortcuts)', () => {
    expect(at({ call: 'speaking' })).toMatchObject({
      keys: 'Escape',
      title: 'Stop the reply (Esc)',
    });
    expect(at({ mode: 'push-to-talk' }).keys).toBe('Space');
    expect(at({ call: 'idle' }).keys).toBeNull();
    expect(at({ call: 'listening' }).keys).toBeNull();
  });
});
