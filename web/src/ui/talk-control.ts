import type { IntlShape } from 'react-intl';
import type { CallState, InputMode } from '../state/store.ts';

/** What the talk control shows and does, from where the call is. */
export interface TalkControl {
  label: string;
  /** What a tap or click does (null: nothing; the control shows the state). */
  tap: 'start' | 'interrupt' | null;
  /** Held, it sends what the user says (push-to-talk). */
  hold: boolean;
  /** It cannot be used at all now (the call is starting). */
  disabled: boolean;
  /** The key that does the same (`aria-keyshortcuts`), if any: see `call-keys.ts`. */
  keys: 'Space' | 'Escape' | null;
  /** What it does, with its key, for a tooltip (null: the label says it). */
  title: string | null;
}

export interface TalkControlState {
  call: CallState;
  mode: InputMode;
  /** Push-to-talk is held. */
  held: boolean;
  muted: boolean;
}

/**
 * The talk control, pure: idle, it starts the call; in a call, it never ends it (the end-call
 * button does). Hands-free, a tap while the assistant thinks or speaks stops the reply (this is
 * the interrupt control: `talk-button` with `data-action="interrupt"`); in push-to-talk it is
 * held to talk, and a press stops the reply too. Muted, push-to-talk has nothing to send: the
 * control interrupts as hands-free does.
 */
export function talkControl(intl: IntlShape, s: TalkControlState): TalkControl {
  const say = intl.formatMessage;
  const none = { keys: null, title: null };
  if (s.call === 'idle')
    return { label: say({ id: 'talk.talk' }), tap: 'start', hold: false, disabled: false, ...none };
  if (s.call === 'starting')
    return { label: say({ id: 'talk.talk' }), tap: null, hold: false, disabled: true, ...none };
  if (s.mode === 'push-to-talk' && !s.muted)
    return {
      label: say({ id: s.held ? 'talk.release' : 'talk.hold' }),
      tap: null,
      hold: true,
      disabled: false,
      keys: 'Space',
      title: say({ id: 'talk.hold.title' }),
    };
  if (s.call === 'speaking' || s.call === 'thinking')
    return {
      label: say({ id: 'talk.interrupt' }),
      tap: 'interrupt',
      hold: false,
      disabled: false,
      keys: 'Escape',
      title: say({ id: 'talk.interrupt.title' }),
    };
  return {
    label: say({ id: s.muted ? 'talk.muted' : 'talk.listening' }),
    tap: null,
    hold: false,
    disabled: false,
    ...none,
  };
}
