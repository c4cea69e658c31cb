/**
 * Keeps the screen on during a conversation (a phone that locks cuts the microphone). The lock
 * is released by the browser when the page is hidden; it is taken again when the page is
 * visible. Does nothing where the Wake Lock API is missing.
 */
export class ScreenWakeLock {
  private sentinel: WakeLockSentinel | null = null;
  private wanted = false;

  private readonly onVisible = () => {
    if (this.wanted && document.visibilityState === 'visible') void this.acquire();
  };

  start(): void {
    this.wanted = true;
    document.addEventListener('visibilitychange', this.onVisible);
    void this.acquire();
  }

  stop(): void {
    this.wanted = false;
    document.removeEventListener('visibilitychange', this.onVisible);
    void this.sentinel?.release().catch(() => undefined);
    this.sentinel = null;
  }

  private async acquire(): Promise<void> {
    if (!('wakeLock' in navigator) || this.sentinel) return;
    try {
      const sentinel = await navigator.wakeLock.request('screen');
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
