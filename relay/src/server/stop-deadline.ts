/**
 * How long after SIGTERM a relay exits whatever is left: its drain (`SHUTDOWN_DRAIN_S`, the turns
 * in flight finishing) plus a margin for telling the clients to reconnect, saving the sessions
 * and flushing error reports. A fixed bound shorter than the drain would cut a long drain off;
 * deploy/k8s's grace period and compose's stop_grace_period are checked against it.
 */
export const STOP_MARGIN_MS = 2_000;

export function stopDeadlineMs(shutdownDrainMs: number): number {
  return shutdownDrainMs + STOP_MARGIN_MS;
}
