import { FrameProcessor, type FrameProcessorEvent } from '@ricky0123/vad-web/dist/frame-processor';
import { Message } from '@ricky0123/vad-web/dist/messages';
import { SAMPLE_RATE_HZ } from '@parley/shared';
import { Reframer, type Frame } from './reframer.ts';
import { VAD_ASSET_DIR } from './vad-asset-files.ts';
import type { SpeechModel } from './speech-model.ts';
import type { VadHandle, VadLoadTimings } from './vad-handle.ts';
import type { VadOptions } from './vad-options.ts';

export type { SpeechModel } from './speech-model.ts';
export type { VadOptions } from './vad-options.ts';

/**
 * Local voice activity detection on our own 16 kHz capture stream: Silero VAD v5 run by
 * onnxruntime-web, with @ricky0123/vad-web's FrameProcessor deciding speech start / end. Every
 * event carries exact sample indices of the stream it was fed (the capture's 16 kHz indices), so
 * the caller maps them to chunk seqs and capture times (stream-timeline.ts).
 *
 * The model and onnxruntime load lazily in {@link VoiceActivityDetector.load}; constructing the
 * class with another {@link SpeechModel} (tests) loads nothing.
 */

/** Samples per model frame: Silero v5 takes 512 samples at 16 kHz. */
export const VAD_FRAME_SAMPLES = 512;
/** Duration of one model frame (ms): 32. */
export const VAD_FRAME_MS = (VAD_FRAME_SAMPLES * 1000) / SAMPLE_RATE_HZ;

/** Product defaults: vad-web's, except `redemptionMs`. */
const DEFAULT_VAD_OPTIONS: Readonly<VadOptions> = {
  positiveSpeechThreshold: 0.3,
  negativeSpeechThreshold: 0.25,
  redemptionMs: 500,
  preSpeechPadMs: 800,
  minSpeechMs: 400,
};

/**
 * What the VAD saw. Positions are sample indices of the 16 kHz stream fed to {@link
 * VoiceActivityDetector.push}; `decidedAtSample` is where the decision became possible (the end of
 * the frame that triggered it), so `decidedAtSample − startSample` or `− endSample` is the VAD's
 * own delay.
 */
export type VadEvent =
  | {
      type: 'speechStart';
      /** First sample of the first frame at or above `positiveSpeechThreshold`. */
      startSample: number;
      /** `startSample` minus up to `preSpeechPadMs` of preceding audio. */
      paddedStartSample: number;
      decidedAtSample: number;
    }
  | {
      /** The segment reached `minSpeechMs` of speech: it will not be a misfire. */
      type: 'speechRealStart';
      startSample: number;
      decidedAtSample: number;
    }
  | {
      type: 'misfire';
      startSample: number;
      /** Just past the segment's last frame at or above `positiveSpeechThreshold`. */
      endSample: number;
      decidedAtSample: number;
    }
  | {
      type: 'speechEnd';
      startSample: number;
      paddedStartSample: number;
      /** Just past the last frame at or above `positiveSpeechThreshold`. */
      endSample: number;
      decidedAtSample: number;
      /** The segment's audio (padding, speech, trailing silence) when `includeAudio` is set. */
      audio?: Float32Array;
    }
  | {
      /** One per model frame, when `emitFrames` is set. */
      type: 'frame';
      startSample: number;
      probability: number;
    };

export interface VadCallbacks {
  /** Receives every event, in stream order. */
  onEvent: (event: VadEvent) => void;
  /** Receives model failures (the frame is skipped). Default: `reportError` (the console). */
  onError?: (error: unknown) => void;
}

export interface VadConfig extends Partial<VadOptions>, VadCallbacks {
  /** Emit a `frame` event with the speech probability of every frame. Default false. */
  emitFrames?: boolean;
  /** Attach the segment's audio to `speechEnd`. Default false. */
  includeAudio?: boolean;
}

export interface VadLoadConfig extends VadConfig {
  /** Absolute URL of the directory with the VAD assets. Default `${BASE_URL}vad/` on this page. */
  assetBaseUrl?: string;
}

export class VoiceActivityDetector implements VadHandle {
  /** Time the model took to load (ms); 0 when the model was handed in. */
  loadMs = 0;
  /** Breakdown of `loadMs` (ms). */
  loadTimings: VadLoadTimings | null = null;
  /** Frames run through the model. */
  framesProcessed = 0;
  /** Most frames seen waiting for the model at once (it fell behind real time by that many). */
  maxPendingFrames = 0;

  private readonly model: SpeechModel;
  private readonly callbacks: VadCallbacks;
  private readonly emitFrames: boolean;
  private readonly includeAudio: boolean;
  private options: VadOptions;
  private readonly processor: FrameProcessor;
  private readonly reframer = new Reframer({ frameSamples: VAD_FRAME_SAMPLES, onGap: 'drop' });
  private readonly queue: Frame[] = [];
  private pumping: Promise<void> | null = null;
  private closed = false;
  private resetPending = false;
  private endPending = false;

  /** Start of the current frame being processed. */
  private frameStart = 0;
  /** Where the FrameProcessor's audio buffer begins (it empties at each segment end). */
  private bufferStart: number | null = null;
  private expectedFrame: number | null = null;
  private segment: { startSample: number; paddedStartSample: number; endSample: number } | null =
    null;

  /** Loads Silero v5 and onnxruntime-web (lazily: dynamic import) and returns a detector. */
  static async load(config: VadLoadConfig): Promise<VoiceActivityDetector> {
    const started = performance.now();
    const base =
      config.assetBaseUrl ?? new URL(import.meta.env.BASE_URL + VAD_ASSET_DIR, location.href).href;
    const { loadSileroV5 } = await import('./silero-model.ts');
    const importMs = performance.now() - started;
    const { model, timings } = await loadSileroV5(base);
    const vad = new VoiceActivityDetector(model, config);
    vad.loadMs = performance.now() - started;
    vad.loadTimings = { importMs, ...timings };
    return vad;
  }

  constructor(model: SpeechModel, config: VadConfig) {
    this.model = model;
    this.callbacks = config;
    this.emitFrames = config.emitFrames ?? false;
    this.includeAudio = config.includeAudio ?? false;
    this.options = vadOptions(config);
    this.processor = new FrameProcessor(
      async (frame) => {
        const isSpeech = await this.model.process(frame);
        return { isSpeech, notSpeech: 1 - isSpeech };
      },
      () => this.model.reset(),
      { ...this.options, submitUserSpeechOnPause: false },
      VAD_FRAME_MS,
    );
    this.processor.resume();
  }

  /** Current options. */
  get settings(): Readonly<VadOptions> {
    return this.options;
  }

  /** Frames waiting for the model (a growing number means it is slower than real time). */
  get pendingFrames(): number {
    return this.queue.length;
  }

  /** Whether a speech segment is open (between `speechStart` and `speechEnd` / `misfire`). */
  get speaking(): boolean {
    return this.segment !== null;
  }

  /** Changes thresholds or durations; takes effect from the next frame. */
  setOptions(update: Partial<VadOptions>): void {
    this.options = vadOptions({ ...this.options, ...update });
    this.processor.setOptions(this.options);
  }

  /**
   * Feeds 16 kHz samples whose first sample is stream index `firstSample` (default: right after
   * the previous push). A jump in `firstSample` ends any open segment.
   */
  push(samples: Float32Array, firstSample?: number): void {
    if (this.closed) return;
    const at = firstSample ?? this.reframer.nextSample ?? 0;
    this.queue.push(...this.reframer.push(samples, at));
    this.maxPendingFrames = Math.max(this.maxPendingFrames, this.queue.length);
    if (this.queue.length > 0 && this.pumping === null) this.pumping = this.pump();
  }

  /** Resolves once every frame pushed so far has been processed. */
  async idle(): Promise<void> {
    while (this.pumping !== null) await this.pumping;
  }

  /**
   * Drops pending audio and the open segment, silently; the next push starts afresh. A frame
   * already inside the model finishes first, without events.
   */
  reset(): void {
    this.queue.length = 0;
    this.reframer.reset();
    if (this.pumping === null) this.applyReset();
    else this.resetPending = true;
  }

  /**
   * Ends the open speech segment now, as the redemption time would (a `speechEnd`, or a
   * `misfire` if it had too little speech): after the frame being processed, if any. For an
   * end-of-turn policy deciding sooner than the redemption time. No segment open: nothing.
   */
  endSegment(): void {
    if (this.segment === null) return;
    if (this.pumping === null) this.applyEnd();
    else this.endPending = true;
  }

  /** Stops processing and frees the model. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    await this.idle();
    await this.model.release();
  }

  private async pump(): Promise<void> {
    // Yield first, so `pumping` is set before the `finally` below can clear it.
    await Promise.resolve();
    try {
      for (let frame = this.queue.shift(); frame !== undefined; frame = this.queue.shift()) {
        if (this.closed) return;
        if (this.expectedFrame !== null && frame.firstSample !== this.expectedFrame) {
          // Audio is missing: whatever was being said cannot continue across the hole.
          this.frameStart = this.expectedFrame - VAD_FRAME_SAMPLES;
          this.processor.endSegment((e) => this.handle(e));
          this.bufferStart = null;
        }
        this.frameStart = frame.firstSample;
        this.expectedFrame = frame.firstSample + VAD_FRAME_SAMPLES;
        this.bufferStart ??= frame.firstSample;
        try {
          await this.processor.process(frame.samples, (e) => {
            if (!this.resetPending) this.handle(e);
          });
          this.framesProcessed++;
        } catch (error) {
          (this.callbacks.onError ?? reportError)(error);
        }
        if (this.resetPending) this.applyReset();
        else if (this.endPending) this.applyEnd();
      }
    } finally {
      if (this.resetPending) this.applyReset();
      this.pumping = null;
    }
  }

  private handle(event: FrameProcessorEvent): void {
    const frameStart = this.frameStart;
    const frameEnd = frameStart + VAD_FRAME_SAMPLES;
    switch (event.msg) {
      case Message.FrameProcessed: {
        const probability = event.probs.isSpeech;
        if (this.segment !== null && probability >= this.options.positiveSpeechThreshold) {
          this.segment.endSample = frameEnd;
        }
        if (this.emitFrames) this.emit({ type: 'frame', startSample: frameStart, probability });
        return;
      }
      case Message.SpeechStart: {
        const padFrames = Math.floor(this.options.preSpeechPadMs / VAD_FRAME_MS);
        const paddedStartSample = Math.max(
          this.bufferStart ?? frameStart,
          frameStart - padFrames * VAD_FRAME_SAMPLES,
        );
        this.segment = { startSample: frameStart, paddedStartSample, endSample: frameEnd };
        this.emit({
          type: 'speechStart',
          startSample: frameStart,
          paddedStartSample,
          decidedAtSample: frameEnd,
        });
        return;
      }
      case Message.SpeechRealStart:
        this.emit({
          type: 'speechRealStart',
          startSample: this.segment?.startSample ?? frameStart,
          decidedAtSample: frameEnd,
        });
        return;
      case Message.VADMisfire:
        this.emit({
          type: 'misfire',
          startSample: this.segment?.startSample ?? frameStart,
          endSample: this.segment?.endSample ?? frameEnd,
          decidedAtSample: frameEnd,
        });
        this.endOfSegment(frameEnd);
        return;
      case Message.SpeechEnd: {
        const segment = this.segment ?? {
          startSample: frameStart,
          paddedStartSample: frameStart,
          endSample: frameEnd,
        };
        this.emit({
          type: 'speechEnd',
          startSample: segment.startSample,
          paddedStartSample: segment.paddedStartSample,
          endSample: segment.endSample,
          decidedAtSample: frameEnd,
          ...(this.includeAudio ? { audio: event.audio } : {}),
        });
        this.endOfSegment(frameEnd);
        return;
      }
    }
  }

  private applyEnd(): void {
    this.endPending = false;
    // The segment ends after the last frame processed (its end is where the next would start).
    this.frameStart =
      (this.expectedFrame ?? this.frameStart + VAD_FRAME_SAMPLES) - VAD_FRAME_SAMPLES;
    this.processor.endSegment((e) => this.handle(e));
  }

  private applyReset(): void {
    this.resetPending = false;
    this.endPending = false;
    this.processor.reset();
    this.segment = null;
    this.bufferStart = null;
    this.expectedFrame = null;
  }

  private endOfSegment(frameEnd: number): void {
    this.segment = null;
    // FrameProcessor empties its buffer after the frame that ended the segment.
    this.bufferStart = frameEnd;
  }

  private emit(event: VadEvent): void {
    this.callbacks.onEvent(event);
  }
}

/** `config`'s options, the defaults for those it lacks; throws on values out of range. */
export function vadOptions(config: Partial<VadOptions>): VadOptions {
  const o: VadOptions = {
    positiveSpeechThreshold:
      config.positiveSpeechThreshold ?? DEFAULT_VAD_OPTIONS.positiveSpeechThreshold,
    negativeSpeechThreshold:
      config.negativeSpeechThreshold ?? DEFAULT_VAD_OPTIONS.negativeSpeechThreshold,
    redemptionMs: config.redemptionMs ?? DEFAULT_VAD_OPTIONS.redemptionMs,
    preSpeechPadMs: config.preSpeechPadMs ?? DEFAULT_VAD_OPTIONS.preSpeechPadMs,
    minSpeechMs: config.minSpeechMs ?? DEFAULT_VAD_OPTIONS.minSpeechMs,
  };
  const inUnit = (x: number) => x >= 0 && x <= 1;
  if (!inUnit(o.positiveSpeechThreshold) || !inUnit(o.negativeSpeechThreshold))
    throw new RangeError('speech thresholds must be between 0 and 1');
  if (o.negativeSpeechThreshold > o.positiveSpeechThreshold)
    throw new RangeError('negativeSpeechThreshold must not exceed positiveSpeechThreshold');
  if (o.redemptionMs < 0 || o.preSpeechPadMs < 0 || o.minSpeechMs < 0)
    throw new RangeError('durations must be non-negative');
  return o;
}
