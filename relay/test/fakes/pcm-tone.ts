import type { ServerResponse } from 'node:http';
import { healthy, type Fault } from './faults.ts';
import { writeStream } from './stream-faults.ts';

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
 * Answers 200 with `text` said as a 440 Hz tone, raw PCM16LE at `sampleRateHz`, in chunks of
 * `chunkBytes` a few ms apart, as a speech API that streams raw PCM does, with `fault`'s stream
 * faults (see `writeStream`; its `malformed` chunk is one stray byte, so the body ends in the
 * middle of a sample). A latency was waited for before: it is not waited for again.
 */
export function streamTone(
  res: ServerResponse,
  text: string,
  sampleRateHz: number,
  how: ToneStream,
  fault: Fault,
): Promise<void> {
  const audio = tone(toneSamples(text, sampleRateHz, how.msPerChar), sampleRateHz);
  const chunks: Buffer[] = [];
  for (let at = 0; at < audio.length; at += how.chunkBytes)
    chunks.push(audio.subarray(at, at + how.chunkBytes));
  return writeStream(
    res,
    fault.kind === 'latency' ? healthy : fault,
    () => res.writeHead(200, { 'content-type': 'audio/pcm', 'transfer-encoding': 'chunked' }),
    chunks,
    { malformed: Buffer.of(0x7f), intervalMs: how.chunkIntervalMs },
  );
}

/** `samples` of the fake voices' tone at `sampleRateHz`, as PCM16LE bytes. */
export function tone(samples: number, sampleRateHz: number): Buffer {
  const bytes = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) bytes.writeInt16LE(toneSample(i, sampleRateHz), i * 2);
  return bytes;
}
