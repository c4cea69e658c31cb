import type { ContextClock } from './context-clock.ts';

/**
 * Feeds a ContextClock from a live AudioContext: the output timestamp when the context reports
 * one, otherwise (output not started yet) "the next frame to render is heard after the render
 * latency". Also refreshes the clock's render-ahead latency.
 */
export function observeContextClock(clock: ContextClock, context: AudioContext): void {
  clock.renderAheadMs = ((context.baseLatency || 0) + (context.outputLatency || 0)) * 1000;
  if (clock.observe(context.getOutputTimestamp())) return;
  if (clock.synced) return;
  clock.observe({
    contextTime: context.currentTime,
    performanceTime: performance.now() + clock.renderAheadMs,
  });
}
