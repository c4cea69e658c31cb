/** The call was ended while it was starting (the user hung up, the page went away). */
export class StartEnded extends Error {
  constructor() {
    super('the call was ended while it was starting');
    this.name = 'StartEnded';
  }
}

/**
 * One start of a call, from the user's tap to the call open, and the AudioContext made in that
 * tap: whether the call was ended meanwhile (the start then goes no further), and the context
 * closed once, whoever ends it first — the start failing, or the call it opened ending. A
 * browser rejects a second close ("Cannot close a closed AudioContext").
 */
export class CallStart {
  private endedWhileStarting = false;
  private closed = false;

  constructor(readonly context: AudioContext) {}

  /** The call was ended before it opened. */
  get ended(): boolean {
    return this.endedWhileStarting;
  }

  /** The call is ended (the user hung up, the page went away): its start goes no further. */
  end(): void {
    this.endedWhileStarting = true;
  }

  /** Closes the context, the first time only. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.context.close();
  }
}
