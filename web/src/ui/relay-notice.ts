/** What the page knows about reaching its relay, as the relay notice reads it. */
export interface RelayNoticeState {
  /** Whether the relay answered its last health check (null: not asked yet). */
  relayReachable: boolean | null;
  /** A call runs (or is starting): its own notices speak for its connection. */
  inCall: boolean;
  /** What failed for want of the relay and waits for the user's retry (see `startRetry`). */
  startRetry: 'call' | null;
}

/**
 * Which relay notice the page shows: `unreachable` while the relay does not answer; `back` once
 * it answers again while the call that failed for want of it waits for the user's retry (the
 * call needs their tap, and a notice that went away by itself would take its Retry from under
 * their finger and leave the header saying the relay is unreachable); none otherwise.
 */
export function relayNotice(s: RelayNoticeState): 'unreachable' | 'back' | null {
  if (s.inCall) return null;
  if (s.relayReachable === false) return 'unreachable';
  if (s.relayReachable === true && s.startRetry === 'call') return 'back';
  return null;
}
