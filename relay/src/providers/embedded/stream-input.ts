import { Resampler, SAMPLE_RATE_HZ } from '@parley/shared';

/** What the embedded recognisers' streams share: the rate they read, and how they say "aborted". */

/** A resampler from `inputRateHz` to the recognisers' 16 kHz; null where the audio is at it. */
export function resamplerFrom(inputRateHz: number): Resampler | null {
  return inputRateHz === SAMPLE_RATE_HZ
    ? null
    : new Resampler({ inputRateHz, outputRateHz: SAMPLE_RATE_HZ });
}

/** Why an abandoned stream's `finish` rejects: its signal's reason, else an AbortError. */
export function streamAborted(signal: AbortSignal): unknown {
  return signal.aborted ? signal.reason : new DOMException('ASR stream aborted', 'AbortError');
}
