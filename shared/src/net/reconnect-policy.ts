import { CloseCode } from '../protocol/messages.ts';
import { DEFAULT_BACKOFF, nextRetryDelayMs, type BackoffPolicy } from './backoff.ts';

/**
 * Why a connection (or an attempt at one) ended, as far as coming back is concerned:
 * - `dropped`: a live connection ended — closed without a reason that says more, or declared
 *   dead by the heartbeat. Worth trying again at once.
 * - `unreachable`: nothing answered — connection refused, no route, a gateway with no relay
 *   behind it (502/503/504). Trying costs the relay nothing, so the client keeps trying at a
 *   short, steady pace, and is back within that pace of the relay listening again.
 * - `restarting`: the relay said it is restarting (1012): as `unreachable`.
 * - `refused`: the relay answered and failed or refused (1011, 4429, a 500, a handshake or a
 *   step out of time): exponential backoff with full jitter, not to pile onto a struggling relay.
 * - `fatal`: trying again cannot help (see {@link FATAL_CLOSE_CODES}, a refused ticket).
 */
export type LossKind = 'dropped' | 'unreachable' | 'restarting' | 'refused' | 'fatal';

/** Close codes after which reconnecting cannot help: the user or the page must act. */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.UnsupportedProtocol,
  CloseCode.SessionNotFound,
  CloseCode.Unauthorized,
  CloseCode.Forbidden,
  CloseCode.LimitExceeded,
  CloseCode.BudgetExceeded,
  CloseCode.MessageTooBig,
  CloseCode.TooManyErrors,
]);

/** Close codes that say nothing about the relay: the connection was lost on the way. */
const LOST_CLOSE_CODES: ReadonlySet<number> = new Set([1005, 1006, CloseCode.GoingAway]);

/**
 * What a socket's close means. `live`: whether the relay had accepted the session on it — a
 * socket that never got that far and was lost did not reach a relay.
 */
export function closeKind(code: number, live: boolean): LossKind {
  if (FATAL_CLOSE_CODES.has(code)) return 'fatal';
  if (code === CloseCode.ServiceRestart) return 'restarting';
  if (LOST_CLOSE_CODES.has(code)) return live ? 'dropped' : 'unreachable';
  return 'refused';
}

/**
 * What a failed ticket request means: no HTTP answer, or a gateway's, is `unreachable`; a
 * refused ticket (401/403) is `fatal`; any other answer is `refused` — a 503 too when the
 * relay said itself that it is full (`code` `limit-exceeded`: `MAX_CONNECTIONS`), so that
 * clients back off instead of trying it at the steady pace. `status` is the HTTP status the
 * error carries (0 or none: no answer), `code` the relay's error code when it sent one.
 */
export function ticketErrorKind(err: unknown): LossKind {
  const status =
    typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number'
      ? err.status
      : 0;
  const code =
    typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
      ? err.code
      : undefined;
  if (status === 401 || status === 403) return 'fatal';
  if (code === 'limit-exceeded') return 'refused';
  if (status === 0 || status === 502 || status === 503 || status === 504) return 'unreachable';
  return 'refused';
}

/** When to try again (on top of the exponential {@link BackoffPolicy}). */
export interface ReconnectPolicy extends BackoffPolicy {
  /**
   * Mean delay between attempts while the relay is unreachable or restarting (ms); each delay
   * is uniform in [½, 1½] of it, which spreads a crowd of clients. Default 400.
   */
  steadyMs: number;
  /** How long the steady pace is kept before falling back to the backoff (ms). Default 120,000. */
  steadyForMs: number;
}

export const DEFAULT_RECONNECT: Readonly<ReconnectPolicy> = {
  ...DEFAULT_BACKOFF,
  steadyMs: 400,
  steadyForMs: 120_000,
};

export interface ReconnectContext {
  kind: Exclude<LossKind, 'fatal'>;
  /** Backoff attempts made since the connection was lost (0 before the first retry). */
  attempt: number;
  /** Time since the connection was lost (ms). */
  elapsedMs: number;
  /** Whether the page is visible (a hidden tab gives up after `giveUpAfterMs`). */
  visible: boolean;
  /** Uniform random in [0, 1), injected so tests are deterministic. */
  random: () => number;
}

/**
 * Delay before the next attempt (ms), or null to give up. A relay that cannot be reached is
 * tried at a steady pace (so the client is back within ~{@link ReconnectPolicy.steadyMs} of the
 * relay listening again, however long it was away); anything else follows the exponential
 * backoff with full jitter.
 */
export function nextReconnectDelayMs(
  ctx: ReconnectContext,
  policy: ReconnectPolicy = DEFAULT_RECONNECT,
): number | null {
  const backoff = nextRetryDelayMs(ctx, policy);
  if (backoff === null) return null;
  const steady =
    (ctx.kind === 'unreachable' || ctx.kind === 'restarting') && ctx.elapsedMs < policy.steadyForMs;
  if (!steady) return backoff;
  return Math.floor(policy.steadyMs * (0.5 + ctx.random()));
}
