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
}

/**
 * The user's "Retry" on the relay notice: the relay is asked at once and, when the call is what
 * failed, the call is started at once too (inside the tap). A start that found no relay while
 * the relay does answer now (it came up as the call tried) is made once more, so that the call
 * starts once the relay is up; a start that failed otherwise has said why. Never rejects: what
 * went wrong is said through `failed`.
 */
export async function retryRelay(d: RelayRetryDeps): Promise<void> {
  const again = d.startRetry() === 'call';
  const checking = d.checkRelay().catch((err: unknown) => {
    d.failed(err);
    return false;
  });
  try {
    if (!again) {
      await checking;
      return;
    }
    d.clearStartRetry();
    await d.startCall();
    if (d.callStarted() || d.startRetry() !== 'call') return;
    // The start found no relay. Asked at the same moment, the relay answers: it is up now.
    if (!(await checking)) return;
    d.clearStartRetry();
    await d.startCall();
  } catch (err) {
    d.failed(err);
  }
}
