/** Timer functions (injected by tests). */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Window {
  held: string;
  timer: unknown;
}

/**
 * Streamed reply text, at most one message per `windowMs` per turn: the first piece goes out at
 * once (the reply starts on screen without delay); pieces that follow within the window are
 * joined and go out when it closes — or earlier, when the turn sends anything else
 * ({@link flush}), so text always goes out before the output that follows it. An LLM streams a
 * token per network read; this turns a reply's few dozen messages (each journaled, framed,
 * written and rendered by the client) into a handful.
 */
export class TextThrottle {
  private readonly windows = new Map<number, Window>();

  constructor(
    private readonly send: (turnId: number, text: string) => void,
    private readonly windowMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  push(turnId: number, text: string): void {
    if (text === '') return;
    const open = this.windows.get(turnId);
    if (open) {
      open.held += text;
      return;
    }
    this.send(turnId, text);
    this.open(turnId);
  }

  /** Sends what `turnId` holds now (call before any other output of the turn). */
  flush(turnId: number): void {
    const open = this.windows.get(turnId);
    if (!open || open.held === '') return;
    const text = open.held;
    open.held = '';
    this.send(turnId, text);
  }

  /** Sends what every turn holds. */
  flushAll(): void {
    for (const turnId of this.windows.keys()) this.flush(turnId);
  }

  /** Stops every window (what is held is sent first). */
  close(): void {
    this.flushAll();
    for (const { timer } of this.windows.values()) this.timers.clear(timer);
    this.windows.clear();
  }

  private open(turnId: number): void {
    const window: Window = { held: '', timer: null };
    window.timer = this.timers.set(() => {
      if (window.held === '') {
        this.windows.delete(turnId);
        return;
      }
      this.flush(turnId);
      this.windows.delete(turnId);
      this.open(turnId);
    }, this.windowMs);
    this.windows.set(turnId, window);
  }
}
