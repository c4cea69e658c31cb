import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../../log/logger.ts';

/** What to install when the decoder cannot run; part of every start-up error message. */
export const INSTALL_HINT = 'apt-get install pocketsphinx pocketsphinx-en-us';

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

export interface DecoderProcessOptions {
  /** `pocketsphinx_continuous` path or name looked up in PATH. */
  binary: string;
  /** Arguments after `-infile /dev/stdin`. */
  args: readonly string[];
  log: Logger;
  /** Called with each segment the decoder prints before input ends (its endpointer split there). */
  onSegment?: (text: string) => void;
}

/**
 * One `pocketsphinx_continuous` process decoding raw 16 kHz s16le mono from its stdin. It loads
 * its model at spawn, then blocks waiting for audio; it decodes as audio arrives and prints one
 * line per speech segment; when stdin ends it prints the last segment and exits.
 */
export class DecoderProcess {
  /** Resolves when the model is loaded; rejects if the process ends first. */
  readonly ready: Promise<void>;
  /** Resolves with the printed segments when the process exits cleanly; rejects otherwise. */
  readonly done: Promise<string[]>;
  readonly spawnedAt = performance.now();
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly segments: string[] = [];
  private readonly errors: string[] = [];
  private exited = false;
  private killed = false;
  private onSegment: ((text: string) => void) | undefined;

  constructor(private readonly options: DecoderProcessOptions) {
    this.onSegment = options.onSegment;
    this.child = spawn(
      'bash',
      ['-c', LAUNCHER, options.binary, '-infile', '/dev/stdin', ...options.args],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    // EPIPE when the decoder died mid-utterance; the exit handler reports the failure.
    this.child.stdin.on('error', () => undefined);
    let stdoutTail = '';
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (stdoutTail + chunk).split('\n');
      stdoutTail = lines.pop() ?? '';
      for (const line of lines) this.addSegment(line);
    });
    const stdoutEnded = new Promise<void>((resolve) => this.child.stdout.on('close', resolve));
    let stderrTail = '';
    let markReady: () => void = () => undefined;
    this.ready = new Promise<void>((resolve) => (markReady = resolve));
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (stderrTail + chunk).split('\n');
      stderrTail = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes(READY_MARKER)) {
          options.log.debug(
            { pid: this.child.pid, loadMs: Math.round(performance.now() - this.spawnedAt) },
            'decoder ready',
          );
          markReady();
        }
        // Keep the lines that explain a failure: decoder errors, and bash's "not found".
        else if (/^(ERROR|FATAL)|bash: /.test(line)) this.errors.push(line.trim());
        if (this.errors.length > 8) this.errors.shift();
      }
    });
    this.done = new Promise<string[]>((resolve, reject) => {
      this.child.on('error', (error) => {
        this.exited = true;
        reject(
          new Error(
            `Cannot start PocketSphinx (${error.message}); is bash installed? ${INSTALL_HINT}`,
          ),
        );
      });
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        this.child.stdin.destroy(); // lets `cat` see EOF and exit too
        void stdoutEnded.then(() => {
          this.addSegment(stdoutTail);
          stdoutTail = '';
          if (code === 0) resolve(this.segments);
          else reject(this.failure(code, signal));
        });
      });
    });
    // Start-up failures surface through `done`; `ready` must not reject unobserved.
    this.ready = Promise.race([
      this.ready,
      this.done.then(() => Promise.reject(new Error('decoder exited'))),
    ]);
    this.ready.catch(() => undefined);
    this.done.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** False once the process has exited (or was never started). */
  get alive(): boolean {
    return !this.exited;
  }

  /** Bytes written but not yet taken by the decoder pipeline. */
  get bufferedBytes(): number {
    return this.child.stdin.writableLength;
  }

  /** Replaces the segment callback (the pool creates the process before a stream claims it). */
  setOnSegment(onSegment: ((text: string) => void) | undefined): void {
    this.onSegment = onSegment;
  }

  /** Queues raw PCM16 (little-endian) for the decoder. Never blocks. */
  write(bytes: Uint8Array): void {
    if (this.exited || this.child.stdin.writableEnded) return;
    this.child.stdin.write(bytes);
  }

  /** Ends the audio: the decoder finishes the last segment, prints it and exits. */
  end(): void {
    if (!this.exited && !this.child.stdin.writableEnded) this.child.stdin.end();
  }

  /** Stops the decoder at once. Idempotent. */
  kill(): void {
    if (this.killed || this.exited) return;
    this.killed = true;
    this.child.kill('SIGKILL');
    this.child.stdin.destroy();
  }

  private addSegment(line: string): void {
    const text = line.trim();
    if (!text) return;
    this.segments.push(text);
    this.onSegment?.(text);
  }

  private failure(code: number | null, signal: NodeJS.Signals | null): Error {
    if (this.killed) return new Error('PocketSphinx decoder was stopped');
    const detail = this.errors.length > 0 ? `: ${this.errors.join(' | ')}` : '';
    if (code === 127)
      return new Error(
        `PocketSphinx not found ("${this.options.binary}")${detail}. Install it: ${INSTALL_HINT}`,
      );
    const how = signal ? `was killed by ${signal}` : `exited with code ${String(code)}`;
    return new Error(`PocketSphinx ${how}${detail}. Check the installation: ${INSTALL_HINT}`);
  }
}
