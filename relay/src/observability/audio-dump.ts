import { mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_RATE_HZ } from '@parley/shared';
import { writeWav } from '../audio/wav.ts';
import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { FinishedTurn, TurnObserver } from './turn-observer.ts';

/** Dumps are deleted after this (ms). */
const DUMP_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** How often old dumps are swept (ms). */
const DUMP_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** Only files the dumper wrote match: a misconfigured folder loses nothing else. */
const DUMP_FILE = /^[A-Za-z0-9_-]{1,64}-\d{1,10}\.(wav|json)$/;

/** The `.json` file of a dump: what is needed to replay and understand a failed turn. */
export interface DumpRecord {
  v: 1;
  sessionId: string;
  turnId: number;
  traceId: string | null;
  input: FinishedTurn['input'];
  status: FinishedTurn['result']['status'];
  transcript: string;
  reply: string;
  timings: FinishedTurn['result']['timings'];
  marks: FinishedTurn['result']['marks'];
  servedBy: FinishedTurn['result']['servedBy'];
  errors: { code: string; message: string }[];
  /** The `.wav` beside this file; null for typed turns. */
  audio: {
    file: string;
    sampleRateHz: number;
    samples: number;
    /** The utterance was longer than what the relay keeps (its first 60 s are in the file). */
    truncated: boolean;
  } | null;
  /** When the dump was written (ISO 8601, UTC). */
  createdAt: string;
}

/** Whether a turn's evidence is worth keeping: it failed (recognition included). */
function shouldDump(turn: FinishedTurn): boolean {
  return turn.result.status === 'failed';
}

/** `<sessionId>-<turnId>`, the name of a turn's dump files (without extension). */
export function dumpBaseName(sessionId: string, turnId: number): string {
  const safe = sessionId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'session';
  return `${safe}-${Math.trunc(turnId)}`;
}

/**
 * The metadata of a turn's dump. Built field by field from the turn: nothing else (no user id,
 * ticket, token or provider key) can reach the file.
 */
export function dumpRecord(turn: FinishedTurn, samples: number, createdAtMs: number): DumpRecord {
  const r = turn.result;
  return {
    v: 1,
    sessionId: turn.sessionId,
    turnId: turn.turnId,
    traceId: turn.traceId ?? null,
    input: turn.input,
    status: r.status,
    transcript: r.transcript,
    reply: r.reply,
    timings: { ...r.timings },
    marks: { ...r.marks, doneAtMs: turn.doneAtMs },
    servedBy: { ...r.servedBy },
    errors: turn.errors.map((e) => ({ code: e.code, message: e.message })),
    audio: turn.audio
      ? {
          file: `${dumpBaseName(turn.sessionId, turn.turnId)}.wav`,
          sampleRateHz: SAMPLE_RATE_HZ,
          samples,
          truncated: turn.audio.framesReceived > turn.audio.keptFrames,
        }
      : null,
    createdAt: new Date(createdAtMs).toISOString(),
  };
}

/**
 * Writes `<base>.wav` (spoken turns: `pcm`, the 16 kHz mono PCM16 the relay received, copied
 * out of the turn while it finished) and `<base>.json` into `dir`, readable by the relay's user
 * only. Returns the paths written.
 */
export async function writeDump(
  dir: string,
  turn: FinishedTurn,
  pcm: Int16Array | null,
  createdAtMs: number,
): Promise<string[]> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const base = join(dir, dumpBaseName(turn.sessionId, turn.turnId));
  const written: string[] = [];
  let samples = 0;
  if (pcm) {
    samples = pcm.length;
    await writeFile(`${base}.wav`, writeWav(pcm, SAMPLE_RATE_HZ), { mode: 0o600 });
    written.push(`${base}.wav`);
  }
  const record = dumpRecord(turn, samples, createdAtMs);
  await writeFile(`${base}.json`, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  written.push(`${base}.json`);
  return written;
}

/** Deletes the dump files in `dir` last modified more than `maxAgeMs` before `nowMs`. */
export async function sweepDumps(dir: string, nowMs: number, maxAgeMs: number): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let deleted = 0;
  for (const name of names) {
    if (!DUMP_FILE.test(name)) continue;
    const path = join(dir, name);
    try {
      const info = await stat(path);
      if (!info.isFile() || nowMs - info.mtimeMs <= maxAgeMs) continue;
      await unlink(path);
      deleted++;
    } catch (err) {
      // Gone meanwhile (another sweep, an operator): nothing to do.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return deleted;
}

export interface AudioDumperOptions {
  dir: string;
  log: Logger;
  /** Epoch ms (dump times and the sweep's idea of "now"). Default `Date.now`. */
  now?: () => number;
  /** Dumps older than this are deleted (ms). Default 24 h. */
  maxAgeMs?: number;
  /** Sweep interval (ms). Default 1 h. */
  sweepIntervalMs?: number;
}

/**
 * Opt-in evidence of failed turns (`DEBUG_AUDIO_DUMP=1`): the utterance's audio and the turn's
 * metadata, written off the turn's path, deleted after 24 h by a sweep at start and every hour.
 * The files hold the user's voice and words: the folder is private to the relay's user.
 */
export class AudioDumper implements Pick<TurnObserver, 'turnFinished'> {
  private readonly now: () => number;
  private readonly maxAgeMs: number;
  private readonly sweepIntervalMs: number;
  private readonly pending = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: AudioDumperOptions) {
    this.now = o.now ?? Date.now;
    this.maxAgeMs = o.maxAgeMs ?? DUMP_MAX_AGE_MS;
    this.sweepIntervalMs = o.sweepIntervalMs ?? DUMP_SWEEP_INTERVAL_MS;
  }

  /** Sweeps now and then every interval (the timer does not keep the process alive). */
  start(): void {
    if (this.timer) return;
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.sweepIntervalMs);
    this.timer.unref();
  }

  /** Deletes dumps past their age; returns how many (0 when the sweep failed, logged). */
  sweep(): Promise<number> {
    return this.track(
      sweepDumps(this.o.dir, this.now(), this.maxAgeMs).then(
        (deleted) => {
          if (deleted > 0) this.o.log.info({ deleted, dir: this.o.dir }, 'old turn dumps deleted');
          return deleted;
        },
        (err: unknown) => {
          this.o.log.warn({ err: describeError(err), dir: this.o.dir }, 'dump sweep failed');
          return 0;
        },
      ),
    );
  }

  /** Dumps the turn when it failed (in the background; errors are logged). */
  turnFinished(turn: FinishedTurn): void {
    if (!shouldDump(turn)) return;
    const ids = {
      sessionId: turn.sessionId,
      turnId: turn.turnId,
      ...(turn.traceId ? { traceId: turn.traceId } : {}),
    };
    // Copied now: the session reuses the utterance's audio once the turn has finished.
    const pcm = turn.audio ? turn.audio.copy() : null;
    void this.track(
      writeDump(this.o.dir, turn, pcm, this.now()).then(
        (files) => this.o.log.info({ ...ids, files }, 'failed turn dumped'),
        (err: unknown) =>
          this.o.log.warn({ ...ids, err: describeError(err) }, 'could not dump the failed turn'),
      ),
    );
  }

  /** Resolves when every dump and sweep started so far has finished. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** Stops the sweeps and waits for the writes in progress. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    const done = () => this.pending.delete(p);
    void p.then(done, done);
    return p;
  }
}
