import type { ServerResponse } from 'node:http';
import type { Fault } from './faults.ts';
import { sleep } from './fake-http.ts';

const TONE_HZ = 440;
const TONE_AMPLITUDE = 8000;

/** Samples of audio a fake voice answers `text` with at `sampleRateHz`. */
export function toneSamples(text: string, sampleRateHz: number, msPerChar = 60): number {
  return Math.round((text.length * msPerChar * sampleRateHz) / 1000);
}

/** A fake voice's deterministic tone: sample `i` at `sampleRateHz`. */
export function toneSample(i: number, sampleRateHz: number): number {
  return Math.round(TONE_AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * i) / sampleRateHz));
}

/** How a fake voice streams its tone. */
export interface ToneStream {
  /** Audio per character of text (ms). */
  msPerChar: number;
  /** Body chunk size (bytes): odd, so that samples straddle chunks. */
  chunkBytes: number;
  /** Pause between chunks (ms). */
  chunkIntervalMs: number;
}

/**
 * Answers 200 with `text` said as a 440 Hz tone, raw PCM16LE at `sampleRateHz`, in chunks a few
 * ms apart, as a speech API that streams raw PCM does. Faults of a stream (`afterChunks` counts
 * audio chunks): `stall` stops sending, `reset` drops the connection, `malformed` ends on one
 * stray byte (the body stops in the middle of a sample), `misaligned` slips a stray byte in and
 * goes on.
 */
export async function streamTone(
  res: ServerResponse,
  text: string,
  sampleRateHz: number,
  how: ToneStream,
  fault: Fault,
): Promise<void> {
  const audio = tone(toneSamples(text, sampleRateHz, how.msPerChar), sampleRateHz);
  res.writeHead(200, { 'content-type': 'audio/pcm', 'transfer-encoding': 'chunked' });
  for (let offset = 0, sent = 0; offset < audio.length; offset += how.chunkBytes, sent++) {
    if (res.destroyed) return;
    if (fault.kind === 'stall' && sent >= fault.afterChunks) return;
    if (fault.kind === 'reset' && sent >= fault.afterChunks) {
      res.socket?.destroy();
      return;
    }
    if (fault.kind === 'malformed' && sent >= fault.afterChunks) {
      res.end(Buffer.of(0x7f));
      return;
    }
    if (fault.kind === 'misaligned' && sent === fault.afterChunks) res.write(Buffer.of(0x7f));
    res.write(audio.subarray(offset, offset + how.chunkBytes));
    await sleep(how.chunkIntervalMs);
  }
  res.end();
}

function tone(samples: number, sampleRateHz: number): Buffer {
  const bytes = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) bytes.writeInt16LE(toneSample(i, sampleRateHz), i * 2);
  return bytes;
}
