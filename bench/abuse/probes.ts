import { TalkClient } from '../../relay/src/talk/client.ts';

/** What a newcomer and a monitor saw while the relay was under abuse. */
export interface ProbeFigures {
  /** `GET /health` round trips (ms). */
  healthMs: number[];
  /** New sessions: socket opened → `ready` (ms); NaN for one that failed. */
  sessionOpenMs: number[];
}

/**
 * While running: `GET /health` every `healthEveryMs`, and a new user opening a session (then
 * closing it) every `sessionEveryMs` — what issue 20 saw fail under abuse.
 */
export class Probes {
  readonly figures: ProbeFigures = { healthMs: [], sessionOpenMs: [] };
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private newcomers = 0;

  constructor(
    private readonly o: {
      url: string;
      wsUrl: string;
      tokenFor: (user: string) => string;
      healthEveryMs: number;
      sessionEveryMs: number;
    },
  ) {}

  start(): void {
    this.timers.push(
      setInterval(() => this.track(this.health()), this.o.healthEveryMs),
      setInterval(() => this.track(this.session()), this.o.sessionEveryMs),
    );
  }

  /** Stops probing and waits for the probes in flight. */
  async stop(): Promise<ProbeFigures> {
    for (const t of this.timers) clearInterval(t);
    await Promise.allSettled(this.pending);
    return this.figures;
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async health(): Promise<void> {
    const t0 = performance.now();
    const ok = await fetch(`${this.o.url}/health`, { signal: AbortSignal.timeout(30_000) }).then(
      (r) => r.ok,
      () => false,
    );
    this.figures.healthMs.push(ok ? performance.now() - t0 : NaN);
  }

  private async session(): Promise<void> {
    const user = `newcomer-${++this.newcomers}`;
    const t0 = performance.now();
    const connecting = TalkClient.connect(this.o.wsUrl, {
      token: this.o.tokenFor(user),
      handshakeTimeoutMs: 30_000,
    });
    // A refused or hung session counts as failed; one that opens late is closed all the same.
    void connecting.then(
      (c) => c.close(),
      () => undefined,
    );
    let timer: NodeJS.Timeout | undefined;
    const opened = await Promise.race([
      connecting.then(
        () => true,
        () => false,
      ),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), 30_000))),
    ]);
    clearTimeout(timer);
    this.figures.sessionOpenMs.push(opened ? performance.now() - t0 : NaN);
  }
}
