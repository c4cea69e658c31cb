import { OutputLevel } from '../../audio/output-level.ts';
import type { AppStore } from '../../state/store.ts';

/** How often the level is read while the assistant speaks (ms): 20 Hz. */
const INTERVAL_MS = 50;

/**
 * Feeds the assistant-level meter (in `store`) from the reply audio as played (`output`: the player's
 * output node): read every 50 ms while the call's state is "speaking", and 0 otherwise. No
 * timer runs while the assistant is silent. Returns the function that stops it.
 */
export function startAssistantMeter(
  { store, actions }: AppStore,
  context: BaseAudioContext,
  output: AudioNode,
): () => void {
  const level = new OutputLevel(context, output);
  let timer: ReturnType<typeof setInterval> | undefined;
  const follow = (speaking: boolean) => {
    if (speaking && timer === undefined) {
      timer = setInterval(() => actions.setAssistantLevel(level.read()), INTERVAL_MS);
    } else if (!speaking && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
      actions.setAssistantLevel(0);
    }
  };
  follow(store.getState().call === 'speaking');
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.call !== prev.call) follow(s.call === 'speaking');
  });
  return () => {
    unsubscribe();
    follow(false);
    level.dispose();
  };
}
