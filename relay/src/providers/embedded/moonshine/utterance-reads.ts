import { SAMPLE_RATE_HZ } from '@parley/shared';
import { audioWindows, speechEnd, speechToRead } from './audio-windows.ts';
import {
  ReadNotRun,
  type MoonshineReader,
  type PoolRead,
  type ReadAsk,
} from './moonshine-reader.ts';
import type { ReadPriority } from './read-schedule.ts';

/**
 * The longest stretch read at once, and where a split may start (samples; see audioWindows):
 * short enough that one read holds a worker for a moment only, so other users' reads take their
 * turns between two windows of a long utterance; long enough for a phrase and its pause.
 */
export const WINDOW_MAX = SAMPLE_RATE_HZ * 10;
export const WINDOW_MIN = SAMPLE_RATE_HZ * 5;

/**
 * The windows `audio` is read in: of its speech, up to where that ends — not of the silence
 * after it, whose length depends on when the utterance's pause or end was told (see
 * speechToRead) — so the same speech is split, and read, the same way. None without speech.
 */
function spokenWindows(audio: Float32Array): [number, number][] {
  const end = speechEnd(audio);
  return end === null ? [] : audioWindows(audio.subarray(0, end), WINDOW_MAX, WINDOW_MIN);
}

/**
 * The reads of one reading (a cut's): given up as a whole when a newer reading makes it of no
 * use — what waits is withdrawn, and what is not asked yet is never asked.
 */
export class Reading {
  readonly reads = new Set<PoolRead>();
  private given = false;
  private promoted = false;

  get givenUp(): boolean {
    return this.given;
  }

  /** The priority its reads are asked at: `asked`, or `final` once an answer waits on it. */
  priority(asked: ReadPriority): ReadPriority {
    return this.promoted ? 'final' : asked;
  }

  /** An answer now waits on it: what it asks from now on, and what waits, is a final. */
  promote(): void {
    this.promoted = true;
    for (const read of this.reads) read.promote();
  }

  giveUp(): void {
    this.given = true;
    for (const read of this.reads) read.withdraw();
  }
}

/**
 * The Moonshine reads of one utterance. Its windows behind the audio are read once — ahead,
 * while the user still speaks, as partials (read when a worker has nothing more pressing) —
 * and shared by every reading of it; a reading an answer waits on promotes the one it needs.
 * The last window is read for each reading, at its asker's priority. What still waits when the
 * utterance is over is withdrawn.
 */
export class UtteranceReads {
  private readonly texts = new Map<string, string>();
  private readonly shared = new Map<string, PoolRead>();
  private readonly live = new Set<PoolRead>();
  /** The end of the last window known to be behind the audio (samples). */
  private behindAt = 0;

  constructor(
    private readonly reader: Promise<MoonshineReader>,
    private readonly who: Omit<ReadAsk, 'priority'>,
  ) {}

  /**
   * The text of `audio` (the utterance from its start): the windows behind it, then the last.
   * `reading`: a reading that may be given up (then it rejects, withdrawn).
   */
  async text(audio: Float32Array, priority: ReadPriority, reading?: Reading): Promise<string> {
    const reader = await this.reader;
    const windows = spokenWindows(audio);
    const parts: string[] = [];
    for (const [i, [start, end]] of windows.entries()) {
      if (reading?.givenUp === true) throw new ReadNotRun('withdrawn');
      const window = audio.subarray(start, end);
      const now = reading?.priority(priority) ?? priority;
      const text =
        i < windows.length - 1
          ? await this.behind(reader, window, `${start}-${end}`, now)
          : await this.once(reader, window, now, reading);
      if (text !== '') parts.push(text);
    }
    return parts.join(' ');
  }

  /**
   * Whether `kept` samples may hold a window newly behind the audio; then {@link readAhead}.
   * Cheap: called on every write.
   */
  hasNewWindow(kept: number): boolean {
    return kept - this.behindAt > WINDOW_MAX;
  }

  /** Asks, as partials, for the windows behind `audio` not read or asked yet. */
  readAhead(audio: Float32Array): void {
    const windows = spokenWindows(audio).slice(0, -1);
    this.behindAt = windows.at(-1)?.[1] ?? this.behindAt;
    void this.reader.then(
      (reader) => {
        for (const [start, end] of windows)
          this.behind(reader, audio.subarray(start, end), `${start}-${end}`, 'partial').catch(
            () => undefined,
          );
      },
      () => undefined,
    );
  }

  /** Whether a read of this utterance waits for a worker. */
  waiting(): boolean {
    for (const read of this.live) if (read.waiting()) return true;
    return false;
  }

  /** The utterance is over: what still waits is withdrawn. */
  close(): void {
    for (const read of this.live) read.withdraw();
  }

  /** A window behind the audio: read once, shared by every reading. */
  private async behind(
    reader: MoonshineReader,
    window: Float32Array,
    key: string,
    priority: ReadPriority,
  ): Promise<string> {
    const known = this.texts.get(key);
    if (known !== undefined) return known;
    let read = this.shared.get(key);
    if (read === undefined) {
      const asked = this.start(reader, window, priority);
      if (asked === null) {
        this.texts.set(key, '');
        return '';
      }
      read = asked;
      this.shared.set(key, asked);
      asked.done.then(
        (text) => {
          this.texts.set(key, text);
          this.shared.delete(key);
        },
        () => {
          if (this.shared.get(key) === asked) this.shared.delete(key);
        },
      );
    } else if (priority === 'final') read.promote();
    try {
      return await read.done;
    } catch (error) {
      // Read ahead, then dropped to make room: a reading an answer waits on asks for it itself.
      if (error instanceof ReadNotRun && error.reason === 'dropped' && priority === 'final') {
        if (this.shared.get(key) === read) this.shared.delete(key);
        return this.behind(reader, window, key, priority);
      }
      throw error;
    }
  }

  /** The last window, read for one reading. */
  private async once(
    reader: MoonshineReader,
    window: Float32Array,
    priority: ReadPriority,
    reading?: Reading,
  ): Promise<string> {
    const read = this.start(reader, window, priority);
    if (read === null) return '';
    reading?.reads.add(read);
    try {
      return await read.done;
    } finally {
      reading?.reads.delete(read);
    }
  }

  /** Asks for the speech in `window` (null where there is none: nothing to read). */
  private start(
    reader: MoonshineReader,
    window: Float32Array,
    priority: ReadPriority,
  ): PoolRead | null {
    const speech = speechToRead(window);
    if (speech === null) return null;
    const read = reader.read(speech, { ...this.who, priority });
    this.live.add(read);
    const gone = () => this.live.delete(read);
    read.done.then(gone, gone);
    return read;
  }
}
