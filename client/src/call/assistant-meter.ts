import { OutputLevel } from '../audio/output-level.ts';
import type { CallPhase } from './call-phase.ts';

/** How often the level is read while the assistant speaks (ms): 20 Hz. */
const INTERVAL_MS = 50;

/**
 * Feeds the assistant-level meter (`show`) from the reply audio as played (`output`: the player's
 * output node): read every 50 ms while the call's phase is "speaking", and 0 otherwise. No
 * timer runs while the assistant is silent. Returns the function that stops it.
 */
export function startAssistantMeter(
  phase: Pick<CallPhase, 'current' | 'follow'>,
  show: (level: number) => void,
  context: BaseAudioContext,
  output: AudioNode,
): () => void {
  const level = new OutputLevel(context, output);
  let timer: ReturnType<typeof setInterval> | undefined;
  const follow = (speaking: boolean) => {
    if (speaking && timer === undefined) {
      timer = setInterval(() => show(level.read()), INTERVAL_MS);
    } else if (!speaking && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
      show(0);
    }
  };
  follow(phase.current === 'speaking');
  const unsubscribe = phase.follow((p) => follow(p === 'speaking'));
  return () => {
    unsubscribe();
    follow(false);
    level.dispose();
  };
}
