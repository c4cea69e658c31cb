/** A speech-probability model over 512-sample, 16 kHz frames. */
export interface SpeechModel {
  /** Probability (0–1) that the frame holds speech; frames must be fed in order. */
  process(frame: Float32Array): Promise<number>;
  /** Forgets the model's recurrent state. */
  reset(): void;
  /** Frees the model (the instance is unusable afterwards). */
  release(): Promise<void>;
}
