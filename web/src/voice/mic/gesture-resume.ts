import type { MicState } from '../../state/mic-state.ts';

/**
 * Events that carry a user gesture in every engine: WebKit lets an AudioContext resume, and
 * the microphone open, only while a click, a touchend or a key press is being handled.
 */
const GESTURES = ['click', 'touchend', 'keydown'] as const;

/**
 * Whether the microphone waits for the user to tap: the system took the call's audio (a phone
 * call, Siri, another app: the AudioContext went `suspended` or `interrupted`) and it would not
 * resume without a gesture.
 */
export function waitsForTap(mic: MicState | null): boolean {
  return mic?.status === 'stuck' && mic.failure === 'context';
}

/**
 * Calls `onGesture` once, on the page's next tap or key press anywhere, inside its dispatch (the
 * capture phase: before whatever the tap was meant for). Returns the cancel.
 */
export function onNextGesture(target: EventTarget, onGesture: () => void): () => void {
  const fire = () => {
    cancel();
    onGesture();
  };
  const cancel = () => {
    for (const type of GESTURES) target.removeEventListener(type, fire, { capture: true });
  };
  for (const type of GESTURES) target.addEventListener(type, fire, { capture: true });
  return cancel;
}
