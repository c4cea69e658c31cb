interface Window {
  held: string;
  timer: ReturnType<typeof setTimeout>;
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
    for (const { timer } of this.windows.values()) clearTimeout(timer);
    this.windows.clear();
  }

  /** A window closing with text held sends it and opens the next one. */
  private open(turnId: number): void {
    const window: Window = {
      held: '',
      timer: setTimeout(() => {
        this.windows.delete(turnId);
        if (window.held === '') return;
        this.send(turnId, window.held);
        this.open(turnId);
      }, this.windowMs),
    };
    this.windows.set(turnId, window);
  }
}
