import type { MicState } from './mic-state.ts';

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

/**
 * While the system holds the call's audio (see {@link waitsForTap}), the user's next tap
 * anywhere resumes it, inside that tap: the notice says "Tap to resume", and its button is one
 * place to tap among all.
 */
export class TapToResume {
  /** Cancels the wait for a tap. */
  private cancel: (() => void) | null = null;

  constructor(
    /** The page (`window`): where taps are listened for. */
    private readonly target: EventTarget,
    /** Asks for the audio back (called inside the tap). */
    private readonly resume: () => void,
  ) {}

  /** The microphone's state changed: a tap is waited for while it needs one. */
  follow(mic: MicState | null): void {
    if (waitsForTap(mic)) {
      this.cancel ??= onNextGesture(this.target, () => {
        this.cancel = null;
        this.resume();
      });
    } else this.stop();
  }

  /** No tap is waited for any more. */
  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }
}
