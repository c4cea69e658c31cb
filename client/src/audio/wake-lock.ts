/** The Screen Wake Lock API (`navigator.wakeLock`). */
export interface WakeLockLike {
  request(type: 'screen'): Promise<WakeLockSentinel>;
}

/** Where the lock is asked for, and when the page is shown again. */
export interface WakeLockEnv {
  readonly document: EventTarget & { readonly visibilityState: DocumentVisibilityState };
  /** Absent where the browser has no Wake Lock API. */
  readonly wakeLock?: WakeLockLike | undefined;
}

/**
 * Keeps the screen on during a conversation (a phone that locks cuts the microphone). The lock
 * is released by the browser when the page is hidden; it is taken again when the page is
 * visible. Does nothing where the Wake Lock API is missing.
 */
export class ScreenWakeLock {
  private sentinel: WakeLockSentinel | null = null;
  private wanted = false;

  constructor(private readonly env: WakeLockEnv) {}

  private readonly onVisible = () => {
    if (this.wanted && this.env.document.visibilityState === 'visible') void this.acquire();
  };

  start(): void {
    this.wanted = true;
    this.env.document.addEventListener('visibilitychange', this.onVisible);
    void this.acquire();
  }

  stop(): void {
    this.wanted = false;
    this.env.document.removeEventListener('visibilitychange', this.onVisible);
    void this.sentinel?.release().catch(() => undefined);
    this.sentinel = null;
  }

  private async acquire(): Promise<void> {
    const { wakeLock } = this.env;
    if (!wakeLock || this.sentinel) return;
    try {
      const sentinel = await wakeLock.request('screen');
      sentinel.addEventListener('release', () => {
        if (this.sentinel === sentinel) this.sentinel = null;
      });
      if (this.wanted) this.sentinel = sentinel;
      else void sentinel.release();
    } catch {
      // Refused (low battery, not visible): the call goes on without it.
    }
  }
}
