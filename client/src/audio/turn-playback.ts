/** Per-turn playback figures kept by the AudioPlayer, and conversions on them. Pure. */

/** What the player knows about one turn's reply audio. Plain fields, for tests and debugging. */
export interface TurnPlayback {
  turnId: number;
  /** Samples (at the context rate) handed to the worklet. */
  enqueuedSamples: number;
  /**
   * Samples (context rate) the worklet rendered: as of its last report (≤ ~50 ms old while
   * playing); exact once a `pause()` or `stop()` promise has resolved.
   */
  playedSamples: number;
  /** Of those, samples with |x| > 1e-4. */
  nonSilentSamples: number;
  /** Epoch ms at which the turn's first sample reached the output; undefined until then. */
  firstPlayedAtMs?: number;
  /** Context frame at which the turn's first sample was rendered. */
  firstPlayedFrame?: number;
  /** `endTurn` was called: no more audio is expected. */
  ended: boolean;
  /** `stop` or `clear` cut the turn: later audio for it is ignored. */
  stopped: boolean;
  /** Times the queue ran dry before `endTurn` (network or TTS slower than real time). */
  underruns: number;
  /** Rate (Hz) of the PCM last enqueued for the turn, before any resampling. */
  sourceRateHz?: number;
  /** PCM samples enqueued for the turn, at `sourceRateHz`. */
  sourceSamples: number;
  /** Epoch ms at which a pause or stop last silenced this turn (end of the fade, as heard). */
  silencedAtMs?: number;
  /** Context frame from which that pause or stop was silent. */
  silencedFrame?: number;
}

/**
 * `turn.playedSamples` (at `contextRateHz`) converted to `sampleRateHz`. Context sample n of a
 * resampled turn sits at source position n · rate / contextRate (the shared Resampler is
 * phase-exact), so n played samples cover round(n · rate / contextRate) source samples. At the
 * turn's own source rate the result never exceeds what was enqueued, and a turn played to its end
 * gives exactly the PCM sample count enqueued.
 */
export function playedSamplesAtRate(
  turn: Pick<
    TurnPlayback,
    'playedSamples' | 'enqueuedSamples' | 'ended' | 'sourceRateHz' | 'sourceSamples'
  >,
  contextRateHz: number,
  sampleRateHz: number,
): number {
  const samples = Math.round((turn.playedSamples * sampleRateHz) / contextRateHz);
  if (turn.sourceRateHz !== sampleRateHz) return samples;
  const complete = turn.ended && turn.playedSamples >= turn.enqueuedSamples;
  return complete ? turn.sourceSamples : Math.min(samples, turn.sourceSamples);
}
