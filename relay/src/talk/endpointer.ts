import { PAUSE_REPORT_MS, rmsDbfs } from '@parley/shared';

/** Speech-boundary events, positioned in samples of the stream fed so far. */
export type EndpointEvent =
  | { type: 'speech-start'; sample: number }
  | { type: 'speech-real-start'; sample: number }
  | { type: 'misfire'; sample: number }
  /**
   * A short silence inside an utterance (a chance to answer speculatively), found at `sample`;
   * its silence began where the last speech frame ended, `speechEndSample`.
   */
  | { type: 'speech-pause'; sample: number; speechEndSample: number }
  /** Speech again after a `speech-pause`. */
  | { type: 'speech-resume'; sample: number }
  | { type: 'speech-end'; sample: number; speechEndSample: number };

export interface EndpointerOptions {
  sampleRateHz: number;
  /** Analysis frame (ms). Default 20. */
  frameMs?: number;
  /** Frames louder than this are speech (dBFS). Default -45. */
  speechDb?: number;
  /** Frames quieter than this are silence (dBFS); between the two keeps the state. Default -52. */
  silenceDb?: number;
  /** Silence that ends an utterance (ms). Default 500. */
  redemptionMs?: number;
  /** Shorter speech is a misfire (ms). Default 150. */
  minSpeechMs?: number;
  /** Silence inside an utterance reported as a pause (ms). Default 96, as the app; 0 = never. */
  pauseMs?: number;
}

/**
 * An energy-based end-of-utterance detector following the same decision rule as vad-web's
 * frame processor (positive/negative thresholds with hysteresis, a redemption period of
 * silence before speech end, a minimum speech length below which the start was a misfire),
 * with frame loudness in place of the Silero probability. For WAV files and benchmarks, where
 * there is no browser to run Silero in. Pure: no timers.
 */
export class Endpointer {
  private readonly frameSamples: number;
  private readonly speechDb: number;
  private readonly silenceDb: number;
  private readonly redemptionFrames: number;
  private readonly minSpeechFrames: number;
  private readonly pauseFrames: number;
  private paused = false;
  private pending = new Float32Array(0);
  private position = 0;
  private speaking = false;
  private speechFrames = 0;
  private silentFrames = 0;
  private realStartFired = false;
  private lastSpeechEnd = 0;

  constructor(options: EndpointerOptions) {
    const frameMs = options.frameMs ?? 20;
    this.frameSamples = Math.round((options.sampleRateHz * frameMs) / 1000);
    this.speechDb = options.speechDb ?? -45;
    this.silenceDb = options.silenceDb ?? -52;
    this.redemptionFrames = Math.ceil((options.redemptionMs ?? 500) / frameMs);
    this.minSpeechFrames = Math.ceil((options.minSpeechMs ?? 150) / frameMs);
    this.pauseFrames =
      options.pauseMs === 0
        ? Number.POSITIVE_INFINITY
        : Math.ceil((options.pauseMs ?? PAUSE_REPORT_MS) / frameMs);
  }

  push(samples: Float32Array): EndpointEvent[] {
    const all = new Float32Array(this.pending.length + samples.length);
    all.set(this.pending, 0);
    all.set(samples, this.pending.length);
    const events: EndpointEvent[] = [];
    let offset = 0;
    for (; offset + this.frameSamples <= all.length; offset += this.frameSamples) {
      this.frame(all.subarray(offset, offset + this.frameSamples), events);
    }
    this.pending = all.slice(offset);
    return events;
  }

  /** Where the audio fed so far ends (samples). */
  get sample(): number {
    return this.position;
  }

  /**
   * Ends the utterance in progress now, as the redemption silence would (an end-of-turn policy
   * deciding sooner): its `speech-end`, or a `misfire` if it had too little speech; null when
   * no utterance is open.
   */
  end(): EndpointEvent | null {
    if (!this.speaking) return null;
    const event: EndpointEvent =
      this.speechFrames >= this.minSpeechFrames
        ? { type: 'speech-end', sample: this.position, speechEndSample: this.lastSpeechEnd }
        : { type: 'misfire', sample: this.position };
    this.speaking = false;
    this.paused = false;
    this.silentFrames = 0;
    this.speechFrames = 0;
    return event;
  }

  private frame(frame: Float32Array, events: EndpointEvent[]): void {
    const db = rmsDbfs(frame);
    const start = this.position;
    this.position += frame.length;
    if (db >= this.speechDb) {
      if (this.paused) {
        this.paused = false;
        events.push({ type: 'speech-resume', sample: start });
      }
      this.silentFrames = 0;
      this.speechFrames++;
      this.lastSpeechEnd = this.position;
      if (!this.speaking) {
        this.speaking = true;
        this.speechFrames = 1;
        this.realStartFired = false;
        events.push({ type: 'speech-start', sample: start });
      }
      if (!this.realStartFired && this.speechFrames >= this.minSpeechFrames) {
        this.realStartFired = true;
        events.push({ type: 'speech-real-start', sample: this.position });
      }
      return;
    }
    if (!this.speaking) return;
    if (db < this.silenceDb) this.silentFrames++;
    if (!this.paused && this.silentFrames === this.pauseFrames && this.realStartFired) {
      this.paused = true;
      events.push({
        type: 'speech-pause',
        sample: this.position,
        speechEndSample: this.lastSpeechEnd,
      });
    }
    if (this.silentFrames >= this.redemptionFrames) {
      this.speaking = false;
      this.paused = false;
      this.silentFrames = 0;
      events.push(
        this.speechFrames >= this.minSpeechFrames
          ? { type: 'speech-end', sample: this.position, speechEndSample: this.lastSpeechEnd }
          : { type: 'misfire', sample: this.position },
      );
      this.speechFrames = 0;
    }
  }
}
