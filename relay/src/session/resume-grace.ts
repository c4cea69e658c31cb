/** Why a stored session may still be resumed: its relay went away, not its user. */
const RESUMABLE_END_REASONS: ReadonlySet<string> = new Set(['relay-restart', 'stale']);

/** What storage says of a session, as far as resuming it goes. */
export interface StoredEnd {
  /** Epoch ms; null while open. */
  endedAt: number | null;
  closeReason: string | null;
  /** Epoch ms of the last change: for a session a sweep ended, when the sweep found it. */
  updatedAt: number;
}

/**
 * Whether a stored session may be resumed at `nowMs`. An open one may (who holds it is for the
 * session ownership to say). One its user or a limit ended may not. One ended because its relay
 * went away may, for `graceMs` counted from when that was noticed — the restarted relay's
 * start-up, or the sweep of a relay that died — and not from the session's last write: a user
 * quiet for longer than the grace who speaks as the relay dies must still get back in. (Its
 * `endedAt` stays at the last write, so the downtime is not counted as its duration.)
 */
export function mayResume(stored: StoredEnd, nowMs: number, graceMs: number): boolean {
  if (stored.endedAt === null) return true;
  if (!RESUMABLE_END_REASONS.has(stored.closeReason ?? '')) return false;
  return nowMs - Math.max(stored.endedAt, stored.updatedAt) <= graceMs;
}
