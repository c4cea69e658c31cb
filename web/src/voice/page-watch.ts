/**
 * The page's lifecycle as a call needs it: brought back (online again, visible again) → do not
 * wait for the reconnect backoff; going away (closed, reloaded, navigated) → end the session
 * now. A reloaded page cannot resume it, and a session left waiting for a resume would count
 * against the user's concurrent sessions for the whole grace period.
 */
export class PageWatch {
  private watching = false;

  constructor(
    private readonly on: {
      /** The network or the page is back: reconnect now if the connection is down. */
      back(): void;
      /** The page is going away for good. */
      leaving(): void;
    },
  ) {}

  start(): void {
    if (this.watching) return;
    this.watching = true;
    window.addEventListener('online', this.wake);
    document.addEventListener('visibilitychange', this.wake);
    window.addEventListener('pagehide', this.leave);
  }

  stop(): void {
    this.watching = false;
    window.removeEventListener('online', this.wake);
    document.removeEventListener('visibilitychange', this.wake);
    window.removeEventListener('pagehide', this.leave);
  }

  private readonly wake = () => {
    if (navigator.onLine && document.visibilityState === 'visible') this.on.back();
  };

  private readonly leave = (e: PageTransitionEvent) => {
    if (!e.persisted) this.on.leaving();
  };
}

/** Calls `onChange` when the page may have been shown or hidden; returns the unsubscribe. */
export function watchPageVisibility(onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange);
  window.addEventListener('pageshow', onChange);
  window.addEventListener('focus', onChange);
  return () => {
    document.removeEventListener('visibilitychange', onChange);
    window.removeEventListener('pageshow', onChange);
    window.removeEventListener('focus', onChange);
  };
}
