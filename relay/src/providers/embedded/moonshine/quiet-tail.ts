import { rms, SAMPLE_RATE_HZ } from '@parley/shared';
import { SPEECH_FRAME, speechFloor } from './audio-windows.ts';

/**
 * How long the audio of an utterance has been quiet since its last speech, told as it arrives
 * (its frames as speechEnd counts them: from the utterance's start, at the speech level of the
 * loudest frame so far). Pure: fed samples, it keeps one frame's remainder and three numbers.
 * It only says when a reading is worth asking early; whether that reading holds is decided on
 * the audio itself (see MoonshineStream's early reading).
 */
export class QuietTail {
  private loudest = 0;
  private speech = false;
  private quietFrames = 0;
  private readonly frame = new Float32Array(SPEECH_FRAME);
  private filled = 0;

  /** Mono samples at 16 kHz, in [-1, 1], following the ones before. */
  write(samples: Float32Array): void {
    let at = 0;
    while (at < samples.length) {
      const take = Math.min(SPEECH_FRAME - this.filled, samples.length - at);
      this.frame.set(samples.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled < SPEECH_FRAME) return;
      this.filled = 0;
      const level = rms(this.frame);
      this.loudest = Math.max(this.loudest, level);
      if (level >= speechFloor(this.loudest)) {
        this.speech = true;
        this.quietFrames = 0;
      } else this.quietFrames++;
    }
  }

  /** Quiet since the last speech (ms); 0 while speech goes on, or before any. */
  quietMs(): number {
    return this.speech ? (this.quietFrames * SPEECH_FRAME * 1000) / SAMPLE_RATE_HZ : 0;
  }
}
