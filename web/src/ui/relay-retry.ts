import { nextReconnectDelayMs, nextRetryDelayMs } from '@parley/shared';

/** What a retry of the relay acts on: the page's store, its watch on the relay, the call. */
export interface RelayRetryDeps {
  /** What failed for want of the relay and is to be started again: the call, or nothing. */
  startRetry(): 'call' | null;
  /** Forgets what was to be started again (it is being started now). */
  clearStartRetry(): void;
  /**
   * Starts the call (inside the user's tap: its audio needs the gesture). Settles once it runs or
   * has failed; a failure it foresees (the relay away, the microphone) it reports itself.
   */
  startCall(): Promise<void>;
  /** Whether the call runs now (or is starting). */
  callStarted(): boolean;
  /** Asks the relay now; resolves with whether it answered. */
  checkRelay(): Promise<boolean>;
  /** Says a failure the call did not report (an exception), and reports it as a fault. */
  failed(err: unknown): void;
  /** Resolves after `ms` milliseconds (the page's timer). */
  wait(ms: number): Promise<void>;
  /** Now, in milliseconds (for how long the retry has been trying). */
  now(): number;
  /** Uniform random in [0, 1): the jitter of the delays. */
  random(): number;
  /** Whether the page is visible (a hidden page gives up after a while, as a connection does). */
  visible(): boolean;
  /** Whether this retry is still the user's latest (a newer tap takes over from it). */
  current(): boolean;
}

/**
 * The user's "Retry" on the relay notice: the relay is asked at once and, when the call is what
 * failed, the call is started at once too (inside the tap). A start that found no relay is made
 * again until the call starts: at once when the relay answers the check asked with the tap (it
 * came up as the call tried), else once the relay answers a check asked at the connection's
 * pace (see `nextReconnectDelayMs`); a start that found no relay although the relay answered
 * waits a growing delay before the next check. It stops when the call starts, a start fails
 * otherwise (that failure is said), the user does something else (starts the call, types, taps
 * Retry again) or a hidden page gives up; the notice then keeps its Retry. Never rejects: what
 * went wrong is said through `failed`.
 */
export async function retryRelay(d: RelayRetryDeps): Promise<void> {
  const ask = () =>
    d.checkRelay().catch((err: unknown) => {
      d.failed(err);
      return false;
    });
  const checking = ask();
  try {
    if (d.startRetry() !== 'call') {
      await checking;
      return;
    }
    const since = d.now();
    // The check that clears the next start; null: the relay had answered, and the start that
    // followed found no relay all the same (a growing delay, then a new check, come first).
    let answers: Promise<boolean> | null = checking;
    let checks = 0;
    let refusals = 0;
    for (;;) {
      d.clearStartRetry();
      await d.startCall();
      if (d.callStarted() || d.startRetry() !== 'call') return;
      if (answers === null) {
        const delay = nextRetryDelayMs(context(d, refusals++, since));
        if (delay === null || !(await waited(d, delay))) return;
        answers = ask();
      }
      while (!(await answers)) {
        const delay = nextReconnectDelayMs({ ...context(d, checks++, since), kind: 'unreachable' });
        if (delay === null || !(await waited(d, delay))) return;
        answers = ask();
      }
      answers = null;
    }
  } catch (err) {
    d.failed(err);
  }
}

function context(d: RelayRetryDeps, attempt: number, since: number) {
  return { attempt, elapsedMs: d.now() - since, visible: d.visible(), random: () => d.random() };
}

/** Waits `ms`; false when the retry is no longer wanted by then (see {@link retryRelay}). */
async function waited(d: RelayRetryDeps, ms: number): Promise<boolean> {
  await d.wait(ms);
  return d.current() && !d.callStarted() && d.startRetry() === 'call';
}
