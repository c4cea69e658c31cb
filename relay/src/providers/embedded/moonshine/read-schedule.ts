/**
 * Which Moonshine read runs next, when its workers are all busy (issue 60, item 8): one user's
 * long utterance must not hold everyone else's words. Pure: time comes from `now`, nothing is
 * scheduled here; the worker pool (moonshine-pool.ts) carries it out.
 *
 * - Finals before partials: a final is a read an answer waits on (a pause's reading, the end's);
 *   a partial is read ahead or for a running hypothesis, and may be dropped.
 * - Turns between users: of the users with reads of that priority waiting, the one served
 *   longest ago goes first; among one user's utterances, likewise; within an utterance, in the
 *   order asked. A long utterance is read in windows (see audioWindows), each its own read, so
 *   between two of its windows every other user waiting gets a turn.
 * - A cap on the audio one user has waiting: a read past it drops that user's oldest partials
 *   first, else it is refused (only that user's read; a user with nothing waiting is always
 *   admitted, so every read can run).
 * - A final waiting longer than `maxFinalWaitMs` is shed: its asker is told at once (the
 *   listener's words stand in) instead of waiting on the relay's queue until its deadline.
 */

/** A read an answer waits on, or one read ahead that may be dropped. */
export type ReadPriority = 'final' | 'partial';

export interface ReadRequest {
  /** Unique among the reads of one schedule. */
  id: number;
  /** Whose words (the user id): turns and the cap are per user. */
  owner: string;
  /** Which utterance of theirs: turns among one user's utterances. */
  stream: number;
  priority: ReadPriority;
  /** The audio to read (samples). */
  samples: number;
}

export interface ReadScheduleOptions {
  /** Audio one user may have waiting at once (samples). */
  maxQueuedSamplesPerOwner: number;
  /** Longest a final waits before it is shed (ms). */
  maxFinalWaitMs: number;
  /** Users (and utterances) whose last turn is remembered at most: the oldest are forgotten. */
  maxRemembered?: number;
  /** Clock (ms). */
  now: () => number;
}

/** A read offered: admitted or refused, and the reads it dropped to fit (the owner's partials). */
export interface Offered {
  admitted: boolean;
  dropped: ReadRequest[];
}

interface Waiting {
  read: ReadRequest;
  /** Since when it waits as what it is now (ms). */
  sinceMs: number;
  /** Order asked (ties, and the order within an utterance). */
  order: number;
}

const REMEMBERED = 4_096;

export class ReadSchedule {
  private readonly waiting: Waiting[] = [];
  /** When each user, and each utterance (`owner \0 stream`), was last served (a counter). */
  private readonly served = new Map<string, number>();
  private turns = 0;
  private asked = 0;

  constructor(private readonly options: ReadScheduleOptions) {}

  /** Asks for `read`: admitted to wait, or refused (the owner's waiting audio is at its cap). */
  offer(read: ReadRequest): Offered {
    const cap = this.options.maxQueuedSamplesPerOwner;
    const own = this.waiting.filter((w) => w.read.owner === read.owner);
    let queued = own.reduce((n, w) => n + w.read.samples, 0);
    const dropping: ReadRequest[] = [];
    for (const w of own) {
      if (queued + read.samples <= cap) break;
      if (w.read.priority !== 'partial') continue;
      dropping.push(w.read);
      queued -= w.read.samples;
    }
    const alone = own.length === dropping.length;
    if (!alone && queued + read.samples > cap) return { admitted: false, dropped: [] };
    for (const d of dropping) this.remove(d.id);
    this.waiting.push({ read, sinceMs: this.options.now(), order: this.asked++ });
    return { admitted: true, dropped: dropping };
  }

  /** The read to run now (taken off the queue), or null when none waits. */
  take(): ReadRequest | null {
    const finals = this.waiting.filter((w) => w.read.priority === 'final');
    const pool = finals.length > 0 ? finals : this.waiting;
    const owner = this.leastServed(pool, (w) => w.read.owner);
    if (owner === null) return null;
    const theirs = pool.filter((w) => w.read.owner === owner);
    const stream = this.leastServed(theirs, streamKey);
    const next = theirs.find((w) => streamKey(w) === stream);
    if (!next) return null;
    this.remove(next.read.id);
    this.serve(owner);
    this.serve(streamKey(next));
    return next.read;
  }

  /** Takes a waiting read off the queue (its asker gave it up); false if it was not waiting. */
  withdraw(id: number): boolean {
    return this.remove(id) !== null;
  }

  /**
   * A partial an answer now waits on becomes a final: it keeps its place among its utterance's
   * reads, and its wait as a final (what may shed it) starts now.
   */
  promote(id: number): void {
    const w = this.waiting.find((x) => x.read.id === id);
    if (!w || w.read.priority === 'final') return;
    w.read = { ...w.read, priority: 'final' };
    w.sinceMs = this.options.now();
  }

  /** The finals waiting past `maxFinalWaitMs`, taken off the queue (to be told they were shed). */
  shed(): ReadRequest[] {
    const limit = this.options.now() - this.options.maxFinalWaitMs;
    const late = this.waiting.filter((w) => w.read.priority === 'final' && w.sinceMs <= limit);
    for (const w of late) this.remove(w.read.id);
    return late.map((w) => w.read);
  }

  /** When the next final waiting will be past its wait (ms, as `now`), or null. */
  nextShedAtMs(): number | null {
    let first: number | null = null;
    for (const w of this.waiting)
      if (w.read.priority === 'final' && (first === null || w.sinceMs < first)) first = w.sinceMs;
    return first === null ? null : first + this.options.maxFinalWaitMs;
  }

  /** Whether read `id` is waiting (not yet taken, withdrawn, dropped or shed). */
  isWaiting(id: number): boolean {
    return this.waiting.some((w) => w.read.id === id);
  }

  /** Reads waiting, and their audio (samples). */
  get size(): { reads: number; samples: number } {
    return {
      reads: this.waiting.length,
      samples: this.waiting.reduce((n, w) => n + w.read.samples, 0),
    };
  }

  /** Of `among`, the key (by `key`) served longest ago; never served first, then first asked. */
  private leastServed(among: readonly Waiting[], key: (w: Waiting) => string): string | null {
    let best: { key: string; turn: number; order: number } | null = null;
    for (const w of among) {
      const k = key(w);
      const turn = this.served.get(k) ?? -1;
      if (best === null || turn < best.turn || (turn === best.turn && w.order < best.order))
        best = { key: k, turn, order: w.order };
    }
    return best?.key ?? null;
  }

  private serve(key: string): void {
    this.served.delete(key);
    this.served.set(key, this.turns++);
    const max = this.options.maxRemembered ?? REMEMBERED;
    for (const oldest of this.served.keys()) {
      if (this.served.size <= max) break;
      this.served.delete(oldest);
    }
  }

  private remove(id: number): Waiting | null {
    const at = this.waiting.findIndex((w) => w.read.id === id);
    if (at < 0) return null;
    return this.waiting.splice(at, 1)[0] ?? null;
  }
}

const streamKey = (w: Waiting) => `${w.read.owner}\u0000${w.read.stream}`;
