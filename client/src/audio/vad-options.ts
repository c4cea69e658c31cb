/** How the VAD decides speech from the model's probabilities. */
export interface VadOptions {
  /** Probability at or above which a frame is speech (0–1). Default 0.3. */
  positiveSpeechThreshold: number;
  /** Probability below which a frame counts towards the end of speech (0–1). Default 0.25. */
  negativeSpeechThreshold: number;
  /**
   * Silence (ms) after speech before `speechEnd`; counted in whole 32 ms frames below
   * `negativeSpeechThreshold`. Default 500 (our product default; vad-web's is 1,400).
   */
  redemptionMs: number;
  /** Audio before the first speech frame reported as `paddedStartSample` (ms). Default 800. */
  preSpeechPadMs: number;
  /** Segments with less speech than this (ms) end in `misfire`, not `speechEnd`. Default 400. */
  minSpeechMs: number;
}
