/** What PageWatch listens to: the page's own objects, or fakes in tests. */
export interface PageEnv {
  /** `window`: `online`, `pagehide`. */
  readonly window: EventTarget;
  /** `document`: `visibilitychange`, and whether it is visible. */
  readonly document: EventTarget & { readonly visibilityState: DocumentVisibilityState };
  online(): boolean;
  /** Whether the page runs as an installed app (added to the home screen). */
  installed(): boolean;
}

/**
 * The page's lifecycle as a call needs it: brought back (online again, visible again) → do not
 * wait for the reconnect backoff; going away (closed, reloaded, navigated) → end the session
 * now. A reloaded page cannot resume it, and a session left waiting for a resume would count
 * against the user's concurrent sessions for the whole grace period.
 *
 * Except in an app added to the home screen: there the system hides the page (`pagehide`, not
 * persisted, on iOS) when the user switches apps, takes a call or locks the phone, and shows
 * the same page again later. The session is left for the relay's resume grace, and the call
 * comes back with the page (a closed app resumes nothing, and its session expires with the
 * grace).
 */
export class PageWatch {
  private watching = false;

  constructor(
    private readonly on: {
      /** The network or the page is back: reconnect now if the connection is down. */
      back(): void;
      /** The page is going away for good: end the session. */
      leaving(): void;
    },
    private readonly env: () => PageEnv,
    /**
     * False (`endOnPageHide: false`): a page going away hands its session to the tab's next
     * page (the call's link does, see tab-hand-off.ts) instead of ending it.
     */
    private readonly endOnPageHide = true,
  ) {}

  start(): void {
    if (this.watching) return;
    this.watching = true;
    const { window, document } = this.env();
    window.addEventListener('online', this.wake);
    document.addEventListener('visibilitychange', this.wake);
    window.addEventListener('pagehide', this.leave);
  }

  stop(): void {
    if (!this.watching) return;
    this.watching = false;
    const { window, document } = this.env();
    window.removeEventListener('online', this.wake);
    document.removeEventListener('visibilitychange', this.wake);
    window.removeEventListener('pagehide', this.leave);
  }

  private readonly wake = () => {
    const env = this.env();
    if (env.online() && env.document.visibilityState === 'visible') this.on.back();
  };

  private readonly leave = (e: Event) => {
    if ((e as PageTransitionEvent).persisted || this.env().installed()) return;
    if (this.endOnPageHide) this.on.leaving();
  };
}

/** Calls `onChange` when the page may have been shown or hidden; returns the unsubscribe. */
export function watchPageVisibility(
  page: Pick<PageEnv, 'window' | 'document'>,
  onChange: () => void,
): () => void {
  const { window, document } = page;
  document.addEventListener('visibilitychange', onChange);
  window.addEventListener('pageshow', onChange);
  window.addEventListener('focus', onChange);
  return () => {
    document.removeEventListener('visibilitychange', onChange);
    window.removeEventListener('pageshow', onChange);
    window.removeEventListener('focus', onChange);
  };
}
