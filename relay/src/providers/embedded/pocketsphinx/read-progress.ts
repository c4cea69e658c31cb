import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads how many bytes a process has read so far (`rchar` of `/proc/<pid>/io`, Linux): every
 * byte its `read()` calls returned, whatever the file. Kept open (a pread of it costs ~2 µs);
 * the kernel keeps answering for the same process even if its pid is reused, and fails once it
 * has exited.
 */
export class ReadProgress {
  private readonly buffer = Buffer.alloc(512);

  private constructor(private fd: number | null) {}

  /** Null when the counter cannot be read (not Linux, `/proc` hidden, or the process is gone). */
  static open(pid: number): ReadProgress | null {
    let fd: number | null = null;
    try {
      fd = openSync(`/proc/${pid}/io`, 'r');
      const progress = new ReadProgress(fd);
      return progress.bytesRead() === null ? (progress.close(), null) : progress;
    } catch {
      if (fd !== null) closeSync(fd);
      return null;
    }
  }

  /** Bytes read so far; null once the process has exited or the counter is unreadable. */
  bytesRead(): number | null {
    if (this.fd === null) return null;
    try {
      const n = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
      const match = /rchar: (\d+)/.exec(this.buffer.toString('latin1', 0, n));
      return match ? Number(match[1]) : null;
    } catch {
      return null;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
