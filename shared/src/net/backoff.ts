/** Reconnect policy: exponential backoff with full jitter, and when to give up. */
export interface BackoffPolicy {
  /** Delay scale of the first retry (ms). Default 250. */
  baseMs: number;
  /** Growth per attempt. Default 2. */
  factor: number;
  /** Largest delay (ms). Default 10,000. */
  capMs: number;
  /** Give up once this long has passed since the connection was lost (ms); null = never. */
  giveUpAfterMs: number | null;
}

export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = {
  baseMs: 250,
  factor: 2,
  capMs: 10_000,
  giveUpAfterMs: 5 * 60_000,
};

export interface RetryContext {
  /** Retries already made since the connection was lost (0 before the first retry). */
  attempt: number;
  /** Time since the connection was lost (ms). */
  elapsedMs: number;
  /** Whether the page is visible: a hidden tab gives up per policy, a visible one never does. */
  visible: boolean;
  /** Uniform random in [0, 1), injected so tests are deterministic. */
  random: () => number;
}

/**
 * Delay before the next reconnect attempt, or null to give up. Full jitter (AWS architecture
 * blog): uniform in [0, min(cap, base · factor^attempt)], which spreads a crowd of clients that
 * lost the same relay instead of having them return in lockstep. While the tab is visible the
 * user is looking at the app, so it keeps trying; a hidden tab gives up after `giveUpAfterMs`.
 */
export function nextRetryDelayMs(
  ctx: RetryContext,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number | null {
  if (!ctx.visible && policy.giveUpAfterMs !== null && ctx.elapsedMs >= policy.giveUpAfterMs)
    return null;
  const ceiling = Math.min(
    policy.capMs,
    policy.baseMs * policy.factor ** Math.min(ctx.attempt, 30),
  );
  return Math.floor(ctx.random() * ceiling);
}
