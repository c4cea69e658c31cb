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
export function talkControl(s: TalkControlState): TalkControl {
  if (s.call === 'idle') return { label: 'Talk', tap: 'start', hold: false, disabled: false };
  if (s.call === 'starting') return { label: 'Talk', tap: null, hold: false, disabled: true };
  if (s.mode === 'push-to-talk' && !s.muted)
    return {
      label: s.held ? 'Release to send' : 'Hold to talk',
      tap: null,
      hold: true,
      disabled: false,
    };
  if (s.call === 'speaking' || s.call === 'thinking')
    return { label: 'Interrupt', tap: 'interrupt', hold: false, disabled: false };
  return { label: s.muted ? 'Muted' : 'Listening', tap: null, hold: false, disabled: false };
}
