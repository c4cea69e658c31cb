import { describe, expect, it } from 'vitest';
import { keyAction, type KeyLike } from './call-keys.ts';

const key = (k: string, more: Partial<KeyLike> = {}): KeyLike => ({
  type: 'keydown',
  key: k,
  repeat: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: { tagName: 'BODY' },
  ...more,
});
const ptt = { inCall: true, mode: 'push-to-talk' } as const;
const handsFree = { inCall: true, mode: 'hands-free' } as const;

describe('keyAction', () => {
  it('Space is push-to-talk: down presses (repeats too, so the page never scrolls), up releases', () => {
    expect(keyAction(key(' '), ptt)).toBe('press');
    expect(keyAction(key(' ', { repeat: true }), ptt)).toBe('press');
    expect(keyAction(key(' ', { type: 'keyup' }), ptt)).toBe('release');
    expect(keyAction(key(' '), handsFree)).toBeNull();
  });

  it('Esc stops the reply; M mutes (once per press)', () => {
    expect(keyAction(key('Escape'), handsFree)).toBe('interrupt');
    expect(keyAction(key('m'), handsFree)).toBe('toggle-mute');
    expect(keyAction(key('M'), ptt)).toBe('toggle-mute');
    expect(keyAction(key('m', { repeat: true }), ptt)).toBeNull();
    expect(keyAction(key('m', { type: 'keyup' }), ptt)).toBeNull();
  });

  it('not while typing, with a modifier, or outside a call', () => {
    const field = { tagName: 'INPUT', type: 'text' };
    expect(keyAction(key('m', { target: field }), handsFree)).toBeNull();
    expect(keyAction(key(' ', { target: field }), ptt)).toBeNull();
    expect(keyAction(key('Escape', { target: { tagName: 'TEXTAREA' } }), ptt)).toBeNull();
    expect(keyAction(key('m', { target: { isContentEditable: true } }), ptt)).toBeNull();
    expect(keyAction(key('m', { target: { tagName: 'SELECT' } }), ptt)).toBeNull();
    expect(keyAction(key('m', { ctrlKey: true }), ptt)).toBeNull();
    expect(keyAction(key('Escape'), { inCall: false, mode: 'hands-free' })).toBeNull();
  });

  it('a focused button or radio does not stop the shortcuts (Space does not click it)', () => {
    expect(keyAction(key(' ', { target: { tagName: 'BUTTON' } }), ptt)).toBe('press');
    expect(keyAction(key(' ', { target: { tagName: 'INPUT', type: 'radio' } }), ptt)).toBe('press');
  });
});
