import type { CapturedAudio } from '../audio/capture.ts';
import { runEchoProbe } from '../audio/run-echo-probe.ts';

/**
 * Plays a short chirp and listens for it in the microphone. No echo: the user may interrupt
 * (full duplex). Echo, or no clear answer: the mic is ignored while replies play, so a reply can
 * never interrupt itself — and the user is told headphones allow interrupting.
 */
export async function measureDuplex(
  context: AudioContext,
  listeners: Set<(a: CapturedAudio) => void>,
): Promise<'full' | 'half'> {
  try {
    const r = await runEchoProbe(context, {
      subscribe: (onBlock) => {
        listeners.add(onBlock);
        return () => listeners.delete(onBlock);
      },
    });
    return !r.leaked && !r.inconclusive ? 'full' : 'half';
  } catch {
    return 'half';
  }
}
