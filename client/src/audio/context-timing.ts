import type { ContextClock } from './context-clock.ts';

/** The parts of an AudioContext its clock is read from. */
export type ClockedContext = Pick<
  AudioContext,
  'baseLatency' | 'outputLatency' | 'currentTime' | 'getOutputTimestamp'
>;

/**
 * Feeds a ContextClock from a live AudioContext: the output timestamp when the context reports
 * a believable one, otherwise (output not started yet, or a timestamp from the future)
 * "the next frame to render is heard after the render latency". Also refreshes the clock's
 * render-ahead latency.
 */
export function observeContextClock(
  clock: ContextClock,
  context: ClockedContext,
  nowMs: () => number = () => performance.now(),
): void {
  clock.renderAheadMs = ((context.baseLatency || 0) + (context.outputLatency || 0)) * 1000;
  const now = nowMs();
  if (clock.observe(context.getOutputTimestamp(), now)) return;
  if (clock.synced) return;
  clock.observe({ contextTime: context.currentTime, performanceTime: now + clock.renderAheadMs });
}
