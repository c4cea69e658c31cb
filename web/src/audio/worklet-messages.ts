/**
 * Messages between the main thread and our AudioWorklet processors, and the names the processors
 * are registered under. Shared by both sides (no DOM, nothing but constants at run time); every
 * message is a member of a discriminated union on `type`.
 *
 * Positions count sample frames of the AudioContext (`currentFrame` units) unless named otherwise.
 */

/** Name the capture processor is registered under. */
export const CAPTURE_PROCESSOR = 'parley-capture';
/** Name the playback processor is registered under. */
export const PLAYBACK_PROCESSOR = 'parley-playback';

// ───────────────────────────── capture ─────────────────────────────

/** `processorOptions` of the capture node. */
export interface CaptureProcessorOptions {
  /** Duration of each posted block (ms, at the context rate). Default 20. */
  blockMs?: number;
}

/** Capture worklet → main: one block of mono microphone audio at the context rate. */
export interface CaptureBlockMessage {
  type: 'block';
  /** Samples (first input channel), transferred. */
  samples: Float32Array<ArrayBuffer>;
  /** Context frame (`currentFrame`) of `samples[0]`. */
  firstFrame: number;
}

export type CaptureToMain = CaptureBlockMessage;

/** Main → capture worklet. */
export type MainToCapture = { type: 'stop' };

// ───────────────────────────── playback ─────────────────────────────

/** `processorOptions` of the playback node. */
export interface PlaybackProcessorOptions {
  /** Interval between `stats` reports while audio plays (ms). Default 50. */
  statsIntervalMs?: number;
  /** Length of the fade-out applied by `stop` (ms). Default 5. */
  stopRampMs?: number;
}

/** Main → playback worklet. */
export type MainToPlayback =
  | {
      type: 'enqueue';
      /** Increasing id of this buffer, so `drained` can say which buffers it covers. */
      bufferId: number;
      turnId: number;
      /** Mono samples at the context rate, transferred. */
      samples: Float32Array<ArrayBuffer>;
      /** Position of `samples[0]` in the turn's reply audio (samples at the context rate). */
      startSample: number;
    }
  /** Fade out what is playing over `stopRampMs`, then drop everything queued before this. */
  | { type: 'stop' }
  /** Drop everything queued at once (no fade). */
  | { type: 'clear' }
  /** Let the processor end (the node is being disposed). */
  | { type: 'dispose' };

/** Cumulative counters of one turn's audio rendered by the playback node. */
export interface TurnCounters {
  turnId: number;
  /** Samples of the turn written to the output (fade-out included). */
  playedSamples: number;
  /** Of those, samples whose absolute value exceeded 1e-4. */
  nonSilentSamples: number;
}

/** Playback worklet → main. */
export type PlaybackToMain =
  | {
      type: 'firstSample';
      turnId: number;
      /** Context frame at which the turn's first sample was written to the output. */
      frame: number;
      /** The same, in context seconds (`frame / sampleRate`). */
      contextTimeSec: number;
      /** Position in the turn of that sample (0 unless the start was dropped). */
      startSample: number;
    }
  | { type: 'stats'; frame: number; turns: TurnCounters[] }
  | {
      type: 'drained';
      /** Context frame just after the last sample played. */
      frame: number;
      turnId: number;
      /** Highest `bufferId` played or dropped so far. */
      lastBufferId: number;
    }
  | {
      type: 'stopped';
      frame: number;
      /** Samples dropped without being played. */
      droppedSamples: number;
      lastBufferId: number;
    };
