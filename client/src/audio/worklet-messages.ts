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
interface CaptureBlockMessage {
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
  /** Length of the fade-out applied by `pause` (ms). Default 5. */
  pauseRampMs?: number;
  /** Length of the fade-in applied by `resume` (ms). Default 5. */
  resumeRampMs?: number;
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
  /**
   * Fade out what is playing over `stopRampMs`, then drop everything queued before this (at once
   * when nothing is audible, e.g. while paused). Ends a pause. Answered by a `stopped` event.
   */
  | {
      type: 'stop';
      /** Increasing id, echoed by the `stopped` event that covers this request. */
      requestId: number;
    }
  /** Drop everything queued at once (no fade). Ends a pause. Answered by a `stopped` event. */
  | { type: 'clear'; requestId: number }
  /**
   * Fade out over `pauseRampMs`, then hold the queue (output silence, consume nothing; enqueued
   * audio keeps queueing). Answered by a `paused` event unless a `resume`, `stop` or `clear`
   * comes first.
   */
  | { type: 'pause'; requestId: number }
  /** Continue a pause from where its fade ended, fading in over `resumeRampMs`. */
  | { type: 'resume' }
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
      /** Context frame from which the stopped audio is no longer output (the fade's end). */
      frame: number;
      /** Samples dropped without being played. */
      droppedSamples: number;
      lastBufferId: number;
      /** Highest `requestId` of the `stop` / `clear` requests this event answers (0 if none). */
      requestId: number;
      /** Turn that was audible when the stop began; null when output was already silent. */
      cutTurnId: number | null;
    }
  /**
   * A pause took effect: output is silent from `frame` on and the queue is held. Preceded by a
   * `stats` event, so the per-turn counters are exact (fade samples count as played).
   */
  | {
      type: 'paused';
      /** Context frame from which output is silent. */
      frame: number;
      /** Highest `requestId` of the `pause` requests this event answers. */
      requestId: number;
      /** Turn that was audible when the pause began; null when output was already silent. */
      cutTurnId: number | null;
      /** Samples held in the queue. */
      heldSamples: number;
    }
  /** A pause ended: audio continues (fading in) from context frame `frame`. */
  | { type: 'resumed'; frame: number };
