/** The page's error tracker, once started (see `sentry-browser.ts`). */
export interface PageErrorTracker {
  /** Reports an error of the call (`what` failed), tagged as the store says. */
  exception(err: unknown, what: string): void;
  /** Reports a failure the relay told the page of, with its own turn. */
  relayError(m: RelayErrorReport): void;
}

/** What is reported of a relay `error` (the call's `error` event `relay`). */
export interface RelayErrorReport {
  code: string;
  retryable: boolean;
  turnId?: number | undefined;
}
