import type { Speech } from '../../../../test/fixtures/speech.ts';
import { KeptSamples } from '../../../audio/kept-samples.ts';
import type { PocketSphinxStream } from './pocketsphinx-stream.ts';

/**
 * Real decoder processes: at load 18–19 on 2 cores (helpers and a relay suite beside) five of
 * these took longer than the default 20 s; the bound is a hang guard, not a timing goal.
 */
export const DECODER_TEST_TIMEOUT_MS = 60_000;

/**
 * Writes `speech` in 100 ms chunks, as the relay does with uplink audio; each kept first in
 * `kept`, when given, as the session's utterance keeps its audio.
 */
export function feed(stream: PocketSphinxStream, speech: Speech, kept?: KeptSamples): void {
  const chunk = speech.sampleRateHz / 10;
  for (let i = 0; i < speech.samples.length; i += chunk) {
    const samples = speech.samples.slice(i, i + chunk);
    kept?.append(samples);
    stream.write(samples);
  }
}

/**
 * An utterance whose audio the test keeps, as the session does: start the stream with `heard`
 * (it reads the audio back to decode it again, whole) and {@link feed} it with `kept`.
 */
export function keptUtterance() {
  const kept = new KeptSamples(16_000 * 120);
  return { kept, heard: kept.view() };
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
