/**
 * The level of what a node plays: an AnalyserNode taps it (the audio goes on to its
 * destination unchanged), and `read()` gives the RMS of its last ~23 ms (1,024 samples at
 * 44.1 kHz). Reading costs one copy of those samples: meant for a display at 15–30 Hz.
 */
export class OutputLevel {
  private readonly analyser: AnalyserNode;
  private readonly samples: Float32Array<ArrayBuffer>;

  constructor(
    context: BaseAudioContext,
    private readonly source: AudioNode,
  ) {
    this.analyser = context.createAnalyser();
    this.analyser.fftSize = 1024;
    this.samples = new Float32Array(this.analyser.fftSize);
    source.connect(this.analyser);
  }

  /** RMS of the latest output block (0 for silence, ~0.1–0.3 for speech). */
  read(): number {
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const x of this.samples) sum += x * x;
    return Math.sqrt(sum / this.samples.length);
  }

  /** Stops listening (the source plays on). */
  dispose(): void {
    try {
      this.source.disconnect(this.analyser);
    } catch {
      // already disconnected (the player was disposed first)
    }
  }
}
