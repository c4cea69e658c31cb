import { SAMPLE_RATE_HZ } from '@parley/shared';
import captureWorkletUrl from './capture-worklet.ts?worker&url';
import { captureConstraints } from './capture-constraints.ts';
import { CaptureResampler } from './capture-resampler.ts';
import { ContextClock } from './context-clock.ts';
import { observeContextClock } from './context-timing.ts';
import { StreamTimeline } from './stream-timeline.ts';
import { addWorkletModule } from './worklet-loader.ts';
import {
  CAPTURE_PROCESSOR,
  type CaptureProcessorOptions,
  type CaptureToMain,
  type MainToCapture,
} from './worklet-messages.ts';

/**
 * Microphone capture: getUserMedia → MediaStreamAudioSourceNode → capture worklet (20 ms blocks at
 * the context rate) → main thread: resampled to 16 kHz with the shared Resampler and handed to the
 * caller with the stream position and capture time of each block's first sample.
 */

/** A block of captured 16 kHz mono audio. */
export interface CapturedAudio {
  /** Samples at 16 kHz, in [-1, 1]. */
  samples: Float32Array;
  /** Index in the capture's 16 kHz stream of `samples[0]` (0 = first sample captured). */
  firstSample: number;
  /** Epoch ms at which `samples[0]` was captured (see ContextClock for the approximation). */
  capturedAtMs: number;
}

/** Why capture ended without `stop()` being called. */
type CaptureEndReason = 'track-ended';

export interface CaptureConfig {
  /** Receives each block, in order, on the main thread. */
  onAudio: (audio: CapturedAudio) => void;
  /** The microphone went away (unplugged, permission revoked, stopped elsewhere). */
  onEnded?: (reason: CaptureEndReason) => void;
  /** Duration of the blocks the worklet posts (ms). Default 20. */
  blockMs?: number;
  /** Microphone to use; default: the browser's choice. */
  deviceId?: string;
  /**
   * The microphone, already asked for with these constraints (inside the user's tap: see
   * GestureMic); default: asked for here.
   */
  stream?: Promise<MediaStream>;
  /** getUserMedia processing switches (see capture-constraints.ts for the defaults and why). */
  echoCancellation?: boolean;
  noiseSuppression?: boolean;
  autoGainControl?: boolean;
  /**
   * Delay between the microphone and the context (ms), subtracted from capture times. Default:
   * the track's reported `latency` setting, or 0 when the browser reports none.
   */
  inputLatencyMs?: number;
}

export class MicCapture {
  /** Rate of the audio handed to `onAudio` (Hz). */
  readonly sampleRateHz = SAMPLE_RATE_HZ;
  /** Sample rate of the AudioContext (Hz): whatever the browser chose, often 44,100 or 48,000. */
  readonly contextRateHz: number;
  /** 16 kHz stream position → capture time, for mapping VAD sample indices to epoch ms. */
  readonly timeline = new StreamTimeline();
  readonly clock: ContextClock;
  /** Blocks delivered to `onAudio`. */
  blocks = 0;
  /** 16 kHz samples delivered to `onAudio`. */
  samples = 0;

  private readonly resampler: CaptureResampler;
  private stopped = false;

  private constructor(
    private readonly context: AudioContext,
    /** The getUserMedia stream (owned: stopped by `stop()`). */
    readonly stream: MediaStream,
    readonly track: MediaStreamTrack,
    private readonly source: MediaStreamAudioSourceNode,
    private readonly node: AudioWorkletNode,
    private readonly config: CaptureConfig,
  ) {
    this.contextRateHz = context.sampleRate;
    this.resampler = new CaptureResampler({
      inputRateHz: context.sampleRate,
      outputRateHz: SAMPLE_RATE_HZ,
    });
    this.clock = new ContextClock({ timeOriginMs: performance.timeOrigin });
    // `latency` (s) is reported by Chromium but not yet in TypeScript's DOM lib.
    const settings: MediaTrackSettings & { latency?: number } = track.getSettings();
    this.clock.inputLatencyMs =
      config.inputLatencyMs ?? (typeof settings.latency === 'number' ? settings.latency * 1000 : 0);
    node.port.onmessage = (event: MessageEvent<CaptureToMain>) => this.onBlock(event.data);
    track.addEventListener('ended', this.onTrackEnded);
  }

  /**
   * Opens the microphone and starts capturing into `context`, which the caller creates (and
   * resumes) inside a user gesture and may share with playback. Rejects when the microphone is
   * refused or missing (the getUserMedia DOMException: NotAllowedError, NotFoundError, …).
   */
  static async start(context: AudioContext, config: CaptureConfig): Promise<MicCapture> {
    const audio = captureConstraints(config);
    // Ask for the microphone and load the worklet at once; never leave the mic open on failure.
    const [media, module] = await Promise.allSettled([
      config.stream ?? navigator.mediaDevices.getUserMedia({ audio }),
      addWorkletModule(context, captureWorkletUrl),
    ]);
    const stream = media.status === 'fulfilled' ? media.value : null;
    const track = stream?.getAudioTracks()[0];
    if (stream === null || track === undefined || module.status === 'rejected') {
      for (const t of stream?.getTracks() ?? []) t.stop();
      if (media.status === 'rejected') throw media.reason;
      if (module.status === 'rejected') throw module.reason;
      throw new DOMException('getUserMedia returned no audio track', 'NotFoundError');
    }
    const source = context.createMediaStreamSource(stream);
    const processorOptions: CaptureProcessorOptions = {
      ...(config.blockMs === undefined ? {} : { blockMs: config.blockMs }),
    };
    const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      // Downmix whatever the device delivers to one channel.
      channelCount: 1,
      channelCountMode: 'explicit',
      channelInterpretation: 'speakers',
      processorOptions,
    });
    const capture = new MicCapture(context, stream, track, source, node, config);
    source.connect(node);
    return capture;
  }

  /**
   * Silence inserted where the worklet saw no input (ms; typically a few hundred ms while the
   * track starts, then nothing), keeping stream positions tied to context time.
   */
  get gapFilledMs(): number {
    return (this.resampler.gapFilledFrames * 1000) / this.contextRateHz;
  }

  /** Whether capture has stopped (by `stop()` or because the track ended). */
  get ended(): boolean {
    return this.stopped;
  }

  /** Releases the microphone and the nodes. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.track.removeEventListener('ended', this.onTrackEnded);
    const stop: MainToCapture = { type: 'stop' };
    this.node.port.postMessage(stop);
    this.node.port.onmessage = null;
    this.source.disconnect();
    this.node.disconnect();
    for (const t of this.stream.getTracks()) t.stop();
  }

  private onBlock(message: CaptureToMain): void {
    if (this.stopped) return;
    observeContextClock(this.clock, this.context);
    const block = this.resampler.push(message.samples, message.firstFrame);
    if (block === null) return;
    const capturedAtMs = this.clock.captureEpochMs(block.firstFrame / this.contextRateHz);
    this.timeline.add(block.firstSample, capturedAtMs);
    this.blocks++;
    this.samples += block.samples.length;
    this.config.onAudio({ samples: block.samples, firstSample: block.firstSample, capturedAtMs });
  }

  private readonly onTrackEnded = (): void => {
    this.stop();
    this.config.onEnded?.('track-ended');
  };
}

/** Opens the microphone and starts capturing; see {@link MicCapture.start}. */
export function startCapture(context: AudioContext, config: CaptureConfig): Promise<MicCapture> {
  return MicCapture.start(context, config);
}
