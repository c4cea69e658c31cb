import type { InputMode } from '../state/store.ts';

/** What a key does during a call. */
export type KeyAction = 'press' | 'release' | 'interrupt' | 'toggle-mute';

/** The parts of a KeyboardEvent the decision reads. */
export interface KeyLike {
  type: string;
  key: string;
  repeat: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The focused element: keys typed into a text field are the user's text. */
  target: { tagName?: string; type?: string; isContentEditable?: boolean } | null;
}

/** Inputs that take no typed text: Space toggles them, so it may be taken for push-to-talk. */
const NOT_TEXT = new Set(['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'color']);

/** Whether keys go into a text field (or a list a key may search) rather than to the app. */
function typingInto(target: KeyLike['target']): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NOT_TEXT.has((target.type ?? 'text').toLowerCase());
}

/**
 * The call's keyboard, pure: `Space` held to talk (push-to-talk), `Esc` stops the reply, `M`
 * mutes and unmutes — during a call, without modifiers, and never while typing in a text box.
 * Null: the key is not the app's (let the page have it).
 */
export function keyAction(e: KeyLike, s: { inCall: boolean; mode: InputMode }): KeyAction | null {
  if (!s.inCall || e.ctrlKey || e.metaKey || e.altKey || typingInto(e.target)) return null;
  const down = e.type === 'keydown';
  if (e.key === ' ' || e.key === 'Spacebar') {
    if (s.mode !== 'push-to-talk') return null;
    return down ? 'press' : 'release';
  }
  if (!down) return null;
  if (e.key === 'Escape' || e.key === 'Esc') return 'interrupt';
  if ((e.key === 'm' || e.key === 'M') && !e.repeat) return 'toggle-mute';
  return null;
}
