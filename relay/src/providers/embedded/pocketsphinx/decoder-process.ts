import { BYTES_PER_SAMPLE, SAMPLE_RATE_HZ } from '@parley/shared';
import {
  DecoderErrors,
  MARK_BYTES,
  endMark,
  launchDecoder,
  type DecoderChild,
} from './decoder-launch.ts';
import {
  readLine,
  type DecoderListener,
  type DecoderUtterance,
  type OpenUtterance,
} from './decoder-utterance.ts';
import { guardFinish } from './finish-guard.ts';
import { ReadProgress } from './read-progress.ts';
import { AudioPlacement } from './audio-placement.ts';
import type { DecoderProcessOptions } from './decoder-process-options.ts';

/**
 * `pocketsphinx_continuous -infile` asks `fread` for 2,048 samples (4,096 bytes), decodes them,
 * prints what ended in them, and only then asks for the next block. Its stdio buffer (4,096
 * bytes for a pipe) may read ahead of the block being assembled, but never a whole buffer past
 * it: the read count stays below the end of the block being assembled or decoded plus 4,096. So
 * a read count one block past a block's end proves that block decoded and its lines printed.
 */
const READ_BLOCK_BYTES = 4096;

/** Silence written before the end mark that ends an utterance: 200 ms (the decoder's own end). */
const END_SILENCE_BYTES = (200 * SAMPLE_RATE_HZ * BYTES_PER_SAMPLE) / 1000;

type Op =
  { kind: 'audio'; bytes: Uint8Array; u: OpenUtterance } | { kind: 'end' } | { kind: 'cut' };

/**
 * One `pocketsphinx_continuous` process decoding raw 16 kHz s16le mono from its stdin, utterance
 * after utterance: it loads its model at spawn, decodes audio as it arrives and prints one line
 * per speech segment (its voice activity detector ends a segment after a short silence).
 *
 * Utterances are delimited by digital silence, and one ends only when the decoder has provably
 * decoded all of it: the silence is padded to the end of a read block, then one more block of
 * it follows, and the process's read count (`/proc/<pid>/io`) reaching the end of that one means
 * every segment of the utterance has been printed. Until then the next utterance's audio waits
 * here, so the lines printed in between are exactly the ending utterance's: two utterances'
 * words never mix, and the process serves utterance after utterance without a restart.
 *
 * Where the read count cannot be read (not Linux), the process serves one utterance: its end
 * closes stdin, and the decoder prints the last segment and exits.
 */
export class DecoderProcess {
  /** Resolves when the model is loaded; rejects if the process ends first. */
  readonly ready: Promise<void>;
  /** Resolves when the process exits cleanly (end of input); rejects otherwise. */
  readonly done: Promise<void>;
  readonly spawnedAt = performance.now();
  /** Utterances opened on this process. */
  utterances = 0;
  private readonly child: DecoderChild;
  private readonly errors: DecoderErrors;
  private readonly delimiterBytes: number;
  private readonly pollMs: number;
  /** Utterances not yet over; the first one owns what the decoder prints. */
  private readonly open: OpenUtterance[] = [];
  /** What waits for the decoder: until it is loaded, and while an utterance ends. */
  private readonly queue: Op[] = [];
  private queuedBytes = 0;
  private progress: ReadProgress | null = null;
  /** Bytes the decoder had read when its model was loaded (model files). */
  private baseRead = 0;
  /** Bytes written to the decoder since it was loaded. */
  private written = 0;
  /** While an utterance ends: the read count that proves it decoded (bytes past `baseRead`). */
  private barrier: number | null = null;
  private loaded = false;
  private exited = false;
  private killed = false;
  /** Lines the decoder has printed, on either stream: a sign of life (see {@link watch}). */
  private said = 0;
  /** The block that ends an utterance, secret to this process (null: ended by silence). */
  private readonly mark: Uint8Array | null;
  /** End marks written whose end line has not come yet, oldest first: ends, or cuts of `open[0]`. */
  private marks: ('end' | 'cut')[] = [];

  constructor(private readonly options: DecoderProcessOptions) {
    this.delimiterBytes =
      Math.ceil((options.delimiterMs * SAMPLE_RATE_HZ) / 1000) * BYTES_PER_SAMPLE;
    this.pollMs = options.pollMs ?? 5;
    this.mark = options.endMark ? endMark() : null;
    let markReady: () => void = () => undefined;
    this.ready = new Promise<void>((resolve) => (markReady = resolve));
    const launched = launchDecoder(options.binary, options.args, this.mark, {
      line: (line) => this.addSegment(line),
      spoke: () => this.said++,
      loaded: () => {
        this.onLoaded();
        markReady();
      },
    });
    this.child = launched.child;
    this.errors = launched.errors;
    const stdoutEnded = new Promise<void>((resolve) => this.child.stdout.on('close', resolve));
    this.done = new Promise<void>((resolve, reject) => {
      this.child.on('error', (error) => {
        this.exited = true;
        const failure = DecoderErrors.notStarted(error);
        this.failAll(failure);
        reject(failure);
      });
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        this.child.stdin.destroy(); // lets `cat` see EOF and exit too
        this.progress?.close();
        void stdoutEnded.then(() => {
          launched.flush();
          if (code === 0) {
            // A one-utterance decoder's utterance ends with the process.
            this.settleFirst();
            this.failAll(new Error('PocketSphinx decoder exited'));
            resolve();
          } else {
            const failure = this.errors.exited(code, signal, this.killed);
            this.failAll(failure);
            reject(failure);
          }
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

  /**
   * False once it was stopped or has exited (or was never started): it serves no utterance. A
   * stopped process's exit is told on a later turn of the event loop (later still on a loaded
   * machine); until then it must not be handed out.
   */
  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  /** Loaded, and serves one utterance only (its progress cannot be read): then it exits. */
  get singleUse(): boolean {
    return this.loaded && this.progress === null;
  }

  /** Loaded, and nothing written to it is still being decoded: it can start at once. */
  get idle(): boolean {
    return this.loaded && this.alive && this.barrier === null && this.open.length === 0;
  }

  /** An utterance is open on it, or the last one is still being decoded. */
  get busy(): boolean {
    return !this.exited && (this.barrier !== null || this.open.length > 0);
  }

  /** Utterances opened after the one being decoded: they wait for it. */
  get waitingUtterances(): number {
    return Math.max(0, this.open.length - 1);
  }

  /** Whether utterances on it can be cut (see {@link DecoderUtterance.cut}). */
  get cuts(): boolean {
    return this.mark !== null;
  }

  /** Audio waiting to reach the decoder: queued here, or written but not yet taken (bytes). */
  get bufferedBytes(): number {
    return this.queuedBytes + this.child.stdin.writableLength;
  }

  /**
   * Opens the next utterance; `listener` hears each segment of it (and each partial hypothesis)
   * as printed. The previous one must have ended (its audio may still be decoding: this one's
   * waits for it).
   */
  begin(listener?: DecoderListener): DecoderUtterance {
    const last = this.open.at(-1);
    if (last && !last.settle) throw new Error('the previous utterance has not ended');
    this.utterances++;
    const u: OpenUtterance = {
      segments: [],
      listener,
      bytes: 0,
      placement: new AudioPlacement(),
      settle: null,
      timer: null,
    };
    this.open.push(u);
    return {
      write: (bytes) => this.write(u, bytes),
      end: (timeoutMs) => this.end(u, timeoutMs),
      mute: () => (u.listener = undefined),
      cut: () => {
        if (!this.mark || this.exited || u.settle) return false;
        this.push({ kind: 'cut' });
        return true;
      },
    };
  }

  private write(u: OpenUtterance, bytes: Uint8Array): void {
    if (this.exited || u.settle || bytes.length === 0) return;
    u.bytes += bytes.length;
    this.push({ kind: 'audio', bytes, u });
  }

  private end(u: OpenUtterance, timeoutMs: number): Promise<string[]> {
    if (u.settle) return Promise.reject(new Error('utterance already ended'));
    return new Promise<string[]>((resolve, reject) => {
      u.settle = { resolve, reject };
      if (u.bytes === 0) {
        // Nothing to decode: over at once (it may not even own the decoder's output yet).
        this.open.splice(this.open.indexOf(u), 1);
        resolve([]);
        return;
      }
      if (this.exited) {
        this.failAll(new Error('PocketSphinx decoder was stopped'));
        return;
      }
      guardFinish(u, timeoutMs, reject, {
        said: () => this.said,
        kill: () => this.kill(),
        slow: (waitedMs) =>
          this.options.log.warn(
            { pid: this.pid, waitedMs },
            'decoder slow: no result yet, reads on',
          ),
      });
      this.push({ kind: 'end' });
    });
  }

  /** Stops the decoder at once. Idempotent. */
  kill(): void {
    if (this.killed || this.exited) return;
    this.killed = true;
    this.child.kill('SIGKILL');
    this.child.stdin.destroy();
  }

  private onLoaded(): void {
    const open = this.options.readProgress ?? ((pid) => ReadProgress.open(pid));
    if (this.pid !== undefined) this.progress = open(this.pid);
    // Nothing was written before this: what it has read so far is its model.
    this.baseRead = this.progress?.bytesRead() ?? 0;
    this.loaded = true;
    this.options.log.debug(
      {
        pid: this.pid,
        loadMs: Math.round(performance.now() - this.spawnedAt),
        singleUse: this.singleUse,
      },
      'decoder ready',
    );
    this.drain();
  }

  private push(op: Op): void {
    this.queue.push(op);
    if (op.kind === 'audio') this.queuedBytes += op.bytes.length;
    this.drain();
  }

  /** Writes what is queued, up to the next utterance end (which holds back what follows). */
  private drain(): void {
    while (this.loaded && !this.exited && this.barrier === null) {
      const op = this.queue.shift();
      if (!op) return;
      if (op.kind === 'audio') {
        this.queuedBytes -= op.bytes.length;
        op.u.placement.place(this.written, op.bytes.length);
        this.send(op.bytes);
      } else if (op.kind === 'cut') this.writeMark('cut');
      else this.delimit();
    }
  }

  /** Ends the utterance being written: silence, padded so the decoder's progress proves it. */
  private delimit(): void {
    if (this.mark) {
      // Over when the decoder says so (see `addSegment`); what follows waits until then. A
      // little silence first: audio cut off at its last word (push to talk) ends in the middle
      // of a sound without it ('what did i just say' heard as '… just se').
      this.barrier = Number.POSITIVE_INFINITY;
      this.send(new Uint8Array(END_SILENCE_BYTES));
      this.writeMark('end');
      return;
    }
    if (!this.progress) {
      // One utterance per process: the end of input ends it (see the `exit` handler).
      this.barrier = Number.POSITIVE_INFINITY;
      this.child.stdin.end();
      return;
    }
    const blockEnd =
      Math.ceil((this.written + this.delimiterBytes) / READ_BLOCK_BYTES) * READ_BLOCK_BYTES;
    // The silence, then one more block of it: reading that block proves the last one decoded.
    this.barrier = blockEnd + READ_BLOCK_BYTES;
    this.send(new Uint8Array(this.barrier - this.written));
    this.poll();
  }

  /** Silence up to the decoder's next block (under 16 ms), then the end mark. */
  private writeMark(kind: 'end' | 'cut'): void {
    if (!this.mark) return;
    const pad = (MARK_BYTES - (this.written % MARK_BYTES)) % MARK_BYTES;
    if (pad > 0) this.send(new Uint8Array(pad));
    this.send(this.mark);
    this.marks.push(kind);
  }

  private poll(): void {
    setTimeout(() => {
      if (this.exited || this.barrier === null) return;
      const read = this.progress?.bytesRead();
      if (read === null || read === undefined) return; // exited: the exit handler settles
      if (read - this.baseRead < this.barrier) return this.poll();
      // Lines it printed before reading on are in our stdout pipe: they are read in this
      // turn's poll phase, before the check phase.
      setImmediate(() => {
        if (this.exited) return;
        this.barrier = null;
        this.settleFirst();
        this.drain();
      });
    }, this.pollMs);
  }

  private send(bytes: Uint8Array): void {
    if (this.exited || this.child.stdin.writableEnded) return;
    this.written += bytes.length;
    this.child.stdin.write(bytes);
  }

  /** The oldest open utterance is fully decoded: it resolves with its segments. */
  private settleFirst(): void {
    const first = this.open[0];
    if (!first?.settle) return;
    this.open.shift();
    if (first.timer) clearTimeout(first.timer);
    first.settle.resolve(first.segments);
  }

  private failAll(error: Error): void {
    for (const u of this.open.splice(0)) {
      if (u.timer) clearTimeout(u.timer);
      u.settle?.reject(error);
    }
    this.marks = [];
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  private addSegment(line: string): void {
    const read = readLine(line);
    if (this.mark && read.kind === 'end') {
      const kind = this.marks.shift();
      if (kind === undefined)
        this.options.log.warn({ pid: this.pid }, 'decoder printed an end of no mark');
      else if (kind === 'cut') this.open[0]?.listener?.cut?.();
      else {
        this.barrier = null;
        this.settleFirst();
        this.drain();
      }
      return;
    }
    const owner = this.open[0];
    if (read.kind === 'progress') {
      // Of the utterance whose lines these are; none between utterances.
      const covered = owner?.placement.advance(read.samples * BYTES_PER_SAMPLE) ?? null;
      if (covered !== null) owner?.listener?.covered?.(covered);
      return;
    }
    if (read.kind === 'end' || read.text === '') return;
    const { text } = read;
    if (!owner) {
      // A partial of no utterance: the delimiting silence never has one, so it is stray too.
      this.options.log.warn({ pid: this.pid }, 'decoder printed a segment of no utterance');
      return;
    }
    if (read.kind === 'partial') return owner.listener?.partial?.(text);
    if (read.kind === 'spotted') return owner.listener?.spotted?.(text);
    if (read.kind === 'alternative') return owner.listener?.alternative?.(text, read.gap);
    owner.segments.push(text);
    owner.listener?.segment?.(text);
  }
}
