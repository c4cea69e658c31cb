import type { Speech } from '../../../../test/fixtures/speech.ts';
import type { PocketSphinxStream } from './pocketsphinx-stream.ts';

/**
 * Real decoder processes: at load 18–19 on 2 cores (helpers and a relay suite beside) five of
 * these took longer than the default 20 s; the bound is a hang guard, not a timing goal.
 */
export const DECODER_TEST_TIMEOUT_MS = 60_000;

/** Writes `speech` in 100 ms chunks, as the relay does with uplink audio. */
export function feed(stream: PocketSphinxStream, speech: Speech): void {
  const chunk = speech.sampleRateHz / 10;
  for (let i = 0; i < speech.samples.length; i += chunk)
    stream.write(speech.samples.slice(i, i + chunk));
}

export function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const open = () => ({ sampleRateHz: 16_000, signal: new AbortController().signal });
