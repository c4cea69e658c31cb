import type { ServerResponse } from 'node:http';
import type { Fault } from './faults.ts';
import { sleep } from './fake-http.ts';

/**
 * Writes a stream of chunks to a response, applying `fault`: the shared engine of the fake
 * providers' streaming answers. `start` writes the status and headers; `malformed` is the chunk
 * sent in place of a good one for a `malformed` fault. Resolves when the stream ended (or was
 * left hanging, for `stall`).
 */
export async function writeStream(
  res: ServerResponse,
  fault: Fault,
  start: () => void,
  chunks: readonly (string | Uint8Array)[],
  options: { malformed: string | Uint8Array; intervalMs: number; onChunk?: (i: number) => void },
): Promise<void> {
  if (fault.kind === 'hang') return; // never answer; the client must give up
  if (fault.kind === 'latency') await sleep(fault.ms);
  if (res.destroyed) return;
  start();
  for (let i = 0; i < chunks.length; i++) {
    if (gone(res)) return;
    if (fault.kind === 'stall' && i === fault.afterChunks) return;
    if (fault.kind === 'reset' && i === fault.afterChunks) {
      res.socket?.destroy();
      return;
    }
    if (fault.kind === 'malformed' && i === fault.afterChunks) {
      res.write(options.malformed);
      res.end();
      return;
    }
    if (fault.kind === 'misaligned' && i === fault.afterChunks) res.write(STRAY_BYTE);
    res.write(chunks[i]!);
    options.onChunk?.(i);
    if (options.intervalMs > 0 && i < chunks.length - 1) await sleep(options.intervalMs);
  }
  res.end();
}

/** The byte a `misaligned` fault slips into a stream. */
const STRAY_BYTE = Buffer.of(0x7f);

/** Whether the client went away (a call, so that TypeScript does not narrow it). */
const gone = (res: ServerResponse) => res.destroyed;

/** A deterministic tone (PCM16LE) of `ms` milliseconds at `rateHz`. */
export function toneBytes(ms: number, rateHz: number, freqHz = 220): Buffer {
  const n = Math.round((ms * rateHz) / 1000);
  const b = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * freqHz * i) / rateHz)), i * 2);
  }
  return b;
}

/** Cuts `bytes` into chunks of about `size` bytes, some of odd length. */
export function chunkBytes(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const len = k % 3 === 1 ? size + 1 : size;
    out.push(bytes.subarray(at, at + len));
    at += len;
  }
  return out;
}
