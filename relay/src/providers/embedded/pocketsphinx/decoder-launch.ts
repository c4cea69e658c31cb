import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';

/** What to install when the decoder cannot run; part of every start-up error message. */
const INSTALL_HINT = 'apt-get install pocketsphinx pocketsphinx-en-us';

// pocketsphinx_continuous logs this once the acoustic and language models are loaded, right
// before it starts reading audio.
const READY_MARKER = 'COMPILED ON';

/**
 * The decoder reads `-infile /dev/stdin` with fopen(), which re-opens /proc/self/fd/0; that works
 * for a pipe but fails (ENXIO) for the socketpair Node uses for a child's stdio. So bash gives it a
 * real pipe through process substitution, fed by `cat` from our socketpair, and then `exec`s the
 * decoder, which therefore keeps bash's pid and is our direct child: its exit is reported exactly
 * and killing it needs no process group. `cat` exits on its own when we close stdin (EOF) or when
 * the decoder has gone (SIGPIPE). A FIFO would also work but needs a temporary file, and data
 * written to it before the decoder opens it (while the model is still loading) is lost if we
 * close our end first; the pipe here exists from the start, so nothing written is ever lost.
 */
const LAUNCHER = 'exec "$0" "$@" < <(exec cat)';

/** Bytes `parley-sphinx` reads at a time; an end mark is one such block, aligned to them. */
export const MARK_BYTES = 512;

export type DecoderChild = ChildProcessByStdio<Writable, Readable, Readable>;

/** What the decoder process says besides its words. */
export interface LaunchListener {
  /** A line of its standard output (without the newline); '' flushes nothing. */
  line(line: string): void;
  /** Its model is loaded: it reads audio from now on. */
  loaded(): void;
  /** It printed a line, on either stream (before `line` or `loaded`): it is not stuck. */
  spoke(): void;
}

/** Other readings of a closed segment the decoder prints (the next ones of its n-best list). */
const CUT_ALTERNATIVES = 3;

/**
 * Starts `binary -infile /dev/stdin …args` (see {@link LAUNCHER}), with `mark` as its end mark
 * when given. Its output reaches `listener` line by line; `flush()` hands over a last line left
 * without a newline (call it once the output has closed).
 */
export function launchDecoder(
  binary: string,
  args: readonly string[],
  mark: Uint8Array | null,
  listener: LaunchListener,
): { child: DecoderChild; errors: DecoderErrors; flush(): void } {
  // With the mark, nothing relies on segments ending at pocketsphinx_continuous's 2,048-sample
  // decisions (the read count's proof): the decoder decides after every block it reads, so a
  // segment closes up to 112 ms sooner after the silence that ends it. A closed segment's other
  // readings come with its words (see DecodeRun.alternatives).
  const markArgs = mark
    ? [
        ...['-endmark', Buffer.from(mark).toString('hex'), '-decide', String(MARK_BYTES / 2)],
        ...['-alternatives', String(CUT_ALTERNATIVES)],
      ]
    : [];
  const child = spawn(
    'bash',
    ['-c', LAUNCHER, binary, '-infile', '/dev/stdin', ...args, ...markArgs],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  // EPIPE when the decoder died mid-utterance; the exit handler reports the failure.
  child.stdin.on('error', () => undefined);
  const errors = new DecoderErrors(binary);
  const stdout = lines(child.stdout, (line) => {
    listener.spoke();
    listener.line(line);
  });
  lines(child.stderr, (line) => {
    listener.spoke();
    if (line.includes(READY_MARKER)) listener.loaded();
    else errors.consider(line);
  });
  return { child, errors, flush: () => listener.line(stdout()) };
}

/** Calls `each` with every whole line `stream` gives; returns what is left after the last one. */
function lines(stream: Readable, each: (line: string) => void): () => string {
  let tail = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => {
    const all = (tail + chunk).split('\n');
    tail = all.pop() ?? '';
    for (const line of all) each(line);
  });
  return () => {
    const rest = tail;
    tail = '';
    return rest;
  };
}

/** The lines of the decoder's standard error that explain a failure, and the error to report. */
export class DecoderErrors {
  private readonly lines: string[] = [];

  constructor(private readonly binary: string) {}

  /** Keeps the lines that explain a failure: decoder errors, and bash's "not found". */
  consider(line: string): void {
    if (/^(ERROR|FATAL)|bash: /.test(line)) this.lines.push(line.trim());
    if (this.lines.length > 8) this.lines.shift();
  }

  /** Why the process ended (`killed`: we stopped it). */
  exited(code: number | null, signal: NodeJS.Signals | null, killed: boolean): Error {
    if (killed) return new Error('PocketSphinx decoder was stopped');
    const detail = this.lines.length > 0 ? `: ${this.lines.join(' | ')}` : '';
    if (code === 127)
      return new Error(
        `PocketSphinx not found ("${this.binary}")${detail}. Install it: ${INSTALL_HINT}`,
      );
    const how = signal ? `was killed by ${signal}` : `exited with code ${String(code)}`;
    return new Error(`PocketSphinx ${how}${detail}. Check the installation: ${INSTALL_HINT}`);
  }

  /** The process could not be started at all. */
  static notStarted(error: Error): Error {
    return new Error(
      `Cannot start PocketSphinx (${error.message}); is bash installed? ${INSTALL_HINT}`,
    );
  }
}

/** A random end mark: 512 bytes no audio will hold (a client cannot forge what it never sees). */
export function endMark(): Uint8Array {
  return new Uint8Array(randomBytes(MARK_BYTES));
}
