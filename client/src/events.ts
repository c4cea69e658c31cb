/** A listener of one event of `Events`. */
export type Listener<T> = (payload: T) => void;

/**
 * A small typed emitter: listeners run synchronously, in the order they were added, where the
 * event happens (so a page's writes keep the call's order: risk R1 of
 * docs/design/client-package.md). A listener that throws does not break the call nor stop the
 * listeners after it: its error is thrown again in a microtask of its own (`report`), where the
 * page's error handling sees it as any uncaught error.
 */
export class Emitter<Events extends object> {
  private readonly listeners: { [E in keyof Events]?: Set<Listener<Events[E]>> } = {};
  /** Events kept until the microtask that tells them (see holdForListeners); null: none held. */
  private held: (() => void)[] | null = null;

  constructor(
    /** Where a listener's error goes (default: rethrown in a microtask, uncaught). */
    private readonly report: (err: unknown) => void = rethrowLater,
  ) {}

  /** Listens to `event`; returns the function that stops listening (idempotent). */
  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void {
    const set = (this.listeners[event] ??= new Set());
    // A listener added twice is called twice (each `on` has its own off).
    const entry: Listener<Events[E]> = (payload) => listener(payload);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /**
   * Keeps what is emitted from now until the next microtask, and tells it then, in order, to the
   * listeners added by then. For what a call knows as it is made (the remembered input mode and
   * devices): a page listens after `createParleyCall` returns, in the same task.
   */
  holdForListeners(): void {
    if (this.held) return;
    const held: (() => void)[] = [];
    this.held = held;
    queueMicrotask(() => {
      this.held = null;
      for (const tell of held) tell();
    });
  }

  /** Calls each listener of `event` with `payload`, now (or once held events are told). */
  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    if (this.held) {
      this.held.push(() => this.emit(event, payload));
      return;
    }
    const set = this.listeners[event];
    if (!set) return;
    // A listener added or removed by another's call takes effect at the next event.
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (err) {
        this.report(err);
      }
    }
  }
}

/** Throws `err` in a microtask: reported as uncaught, after the event's other listeners ran. */
function rethrowLater(err: unknown): void {
  queueMicrotask(() => {
    throw err;
  });
}
