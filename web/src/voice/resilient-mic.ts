import type { CapturedAudio } from '../audio/capture.ts';
import { StreamTimeline } from '../audio/stream-timeline.ts';
import {
  CaptureRecovery,
  type MicFault,
  type MicState,
  type RecoveryEffect,
  type RecoveryFailure,
} from './capture-recovery.ts';
import { inputStillPresent, type DeviceEntry } from './input-device.ts';

/** The parts of a MediaStreamTrack this file uses. */
interface MicTrack extends EventTarget {
  readonly label: string;
  readonly muted: boolean;
  readonly readyState: MediaStreamTrackState;
  getSettings(): { deviceId?: string; groupId?: string };
}

/** An open microphone feeding the capture graph (MicCapture fits). */
export interface CaptureHandle {
  readonly track: MicTrack;
  /** Releases the microphone and the nodes. Idempotent. */
  stop(): void;
}

interface ResilientMicEvents<C extends CaptureHandle> {
  /** Captured audio, its positions continuous across pauses and new tracks. */
  onAudio(audio: CapturedAudio): void;
  /** Audio stopped: end what the user was saying, reset turn-taking. */
  onPaused(fault: MicFault): void;
  /** Audio flows again (the next `onAudio` continues the stream at `nextStreamSample()`). */
  onResumed(): void;
  onState(state: MicState): void;
  /** The input in use went away and another took over (its label). */
  onSwitched(label: string): void;
  /** A (new) capture is open. */
  onCapture?(capture: C): void;
}

export interface ResilientMicOptions<C extends CaptureHandle> {
  /**
   * Opens the microphone into the capture graph, with the call's constraints and the default
   * input; rejects with getUserMedia's DOMException.
   */
  open(onAudio: (audio: CapturedAudio) => void): Promise<C>;
  /** The call's AudioContext (EventTarget for `statechange`). */
  context: EventTarget & { readonly state: string; resume(): Promise<void> };
  /** `navigator.mediaDevices` (EventTarget for `devicechange`), when there is one. */
  devices?: EventTarget & { enumerateDevices(): Promise<DeviceEntry[]> };
  visible(): boolean;
  /** Calls `onChange` whenever the page may have been shown or hidden; returns the unsubscribe. */
  watchPage(onChange: () => void): () => void;
  /** Where the stream continues after a pause: the uplink's next chunk boundary. */
  nextStreamSample(): number;
  events: ResilientMicEvents<C>;
  /** How long `AudioContext.resume()` may take before a tap is asked for (ms). Default 2,000. */
  contextResumeTimeoutMs?: number;
  unmuteGraceMs?: number;
  retryDelaysMs?: readonly number[];
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * The call's microphone, kept alive through what phones do to it: it listens to the track
 * (`ended`, `mute`, `unmute`), the AudioContext (`statechange`), the page (shown or hidden) and
 * the devices (`devicechange`), lets {@link CaptureRecovery} decide, and carries out: opens the
 * microphone again, resumes the context, retries on a timer. Audio keeps one continuous stream
 * position across all of it, so the uplink's chunk numbering just goes on.
 */
export class ResilientMic<C extends CaptureHandle> {
  private capture: C | null = null;
  private readonly recovery: CaptureRecovery;
  private readonly timeline = new StreamTimeline();
  /** Added to capture positions of the current run to give stream positions. */
  private offset = 0;
  /** The next block starts a run (after the start, a pause or a new track). */
  private runStarts = true;
  private wakeTimer: unknown = null;
  private unwatchPage: (() => void) | null = null;
  private closed = false;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly o: ResilientMicOptions<C>) {
    this.now = o.now ?? (() => Date.now());
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.recovery = new CaptureRecovery({
      visible: o.visible(),
      ...(o.unmuteGraceMs === undefined ? {} : { unmuteGraceMs: o.unmuteGraceMs }),
      ...(o.retryDelaysMs === undefined ? {} : { retryDelaysMs: o.retryDelaysMs }),
    });
  }

  /** The open capture (null while the microphone is away). */
  get current(): C | null {
    return this.capture;
  }

  get state(): MicState {
    return {
      status: this.recovery.status,
      faults: [...this.recovery.currentFaults],
      failure: this.recovery.failure,
      visible: this.o.visible(),
    };
  }

  /** Opens the microphone; rejects as getUserMedia does. Call from the user's gesture. */
  async start(): Promise<void> {
    let capture: C | null = null;
    capture = await this.o.open((a) => {
      if (capture) this.onAudio(capture, a);
    });
    if (this.closed) {
      capture.stop();
      return;
    }
    this.attach(capture);
    this.o.context.addEventListener('statechange', this.onContextState);
    this.o.devices?.addEventListener('devicechange', this.onDeviceChange);
    this.unwatchPage = this.o.watchPage(this.onPage);
    this.publish();
    if (capture.track.muted) this.run(this.recovery.fault('track-muted', this.now()));
    this.onContextState();
  }

  /** Capture time (epoch ms) of stream sample `sample`. */
  epochMsOf(sample: number): number {
    return this.timeline.epochMsOf(sample);
  }

  /** The user asks for the microphone back (call from their tap: a user gesture). */
  retry(): void {
    this.run(this.recovery.retry());
  }

  /** Releases the microphone and stops listening. */
  stop(): void {
    this.closed = true;
    this.detach();
    this.o.context.removeEventListener('statechange', this.onContextState);
    this.o.devices?.removeEventListener('devicechange', this.onDeviceChange);
    this.unwatchPage?.();
    this.unwatchPage = null;
    if (this.wakeTimer !== null) this.clearTimer(this.wakeTimer);
    this.wakeTimer = null;
  }

  private onAudio(from: C, a: CapturedAudio): void {
    if (from !== this.capture || this.recovery.status !== 'live') return;
    if (this.runStarts) {
      this.runStarts = false;
      this.offset = this.o.nextStreamSample() - a.firstSample;
    }
    const firstSample = a.firstSample + this.offset;
    this.timeline.add(firstSample, a.capturedAtMs);
    this.o.events.onAudio({ ...a, firstSample });
  }

  private attach(capture: C): void {
    this.capture = capture;
    capture.track.addEventListener('ended', this.onTrackEnded);
    capture.track.addEventListener('mute', this.onMute);
    capture.track.addEventListener('unmute', this.onUnmute);
    this.o.events.onCapture?.(capture);
  }

  private detach(): void {
    const capture = this.capture;
    this.capture = null;
    if (!capture) return;
    capture.track.removeEventListener('ended', this.onTrackEnded);
    capture.track.removeEventListener('mute', this.onMute);
    capture.track.removeEventListener('unmute', this.onUnmute);
    capture.stop();
  }

  private readonly onTrackEnded = () => this.run(this.recovery.fault('track-ended', this.now()));
  private readonly onMute = () => this.run(this.recovery.fault('track-muted', this.now()));
  private readonly onUnmute = () => this.run(this.recovery.cleared('track-muted', this.now()));

  private readonly onContextState = () => {
    const state = this.o.context.state;
    if (state === 'closed') return;
    this.run(
      state === 'running'
        ? this.recovery.cleared('context-suspended', this.now())
        : this.recovery.fault('context-suspended', this.now()),
    );
  };

  private readonly onPage = () => this.run(this.recovery.visibility(this.o.visible(), this.now()));

  private readonly onDeviceChange = () => {
    const devices = this.o.devices;
    const track = this.capture?.track;
    if (!devices || !track) return;
    void devices.enumerateDevices().then(
      (list) => {
        if (this.closed || this.capture?.track !== track) return;
        if (!inputStillPresent(track.getSettings(), list))
          this.run(this.recovery.fault('device-lost', this.now()));
      },
      () => undefined,
    );
  };

  private run(effects: RecoveryEffect[]): void {
    if (this.closed) return;
    for (const effect of effects) {
      switch (effect.type) {
        case 'paused':
          this.o.events.onPaused(effect.fault);
          break;
        case 'resumed':
          this.runStarts = true;
          this.o.events.onResumed();
          break;
        case 'reacquire':
          void this.reacquire();
          break;
        case 'resume-context':
          void this.resumeContext().then((ok) =>
            this.run(
              ok
                ? this.recovery.succeeded(this.now())
                : this.recovery.failed('context', this.now()),
            ),
          );
          break;
        case 'wake-at':
          if (this.wakeTimer !== null) this.clearTimer(this.wakeTimer);
          this.wakeTimer = this.setTimer(
            () => {
              this.wakeTimer = null;
              this.run(this.recovery.tick(this.now()));
            },
            Math.max(0, effect.atMs - this.now()),
          );
          break;
      }
    }
    this.publish();
  }

  /**
   * Opens the microphone again, the old one released first (a phone may allow one at a time).
   * Context and microphone are both asked for at once, before any await, so that a retry from a
   * tap stays inside its user gesture.
   */
  private async reacquire(): Promise<void> {
    const lostDevice = this.recovery.currentFaults.has('device-lost');
    const oldLabel = this.capture?.track.label;
    this.detach();
    const contextReady = this.resumeContext();
    let capture: C | null = null;
    const opened = this.o.open((a) => {
      if (capture) this.onAudio(capture, a);
    });
    const [context, mic] = await Promise.allSettled([contextReady, opened]);
    if (mic.status === 'fulfilled') capture = mic.value;
    if (this.closed) {
      capture?.stop();
      return;
    }
    if (!capture) {
      this.run(this.recovery.failed(failureOf(mic), this.now()));
      return;
    }
    if (context.status !== 'fulfilled' || !context.value) {
      capture.stop();
      this.run(this.recovery.failed('context', this.now()));
      return;
    }
    this.attach(capture);
    const label = capture.track.label;
    this.run(this.recovery.succeeded(this.now()));
    if (lostDevice || (oldLabel !== undefined && label !== oldLabel))
      this.o.events.onSwitched(label);
    if (capture.track.muted) this.run(this.recovery.fault('track-muted', this.now()));
    if (capture.track.readyState === 'ended')
      this.run(this.recovery.fault('track-ended', this.now()));
  }

  /** Resumes the context; false if it is not running within the timeout (it needs a tap). */
  private async resumeContext(): Promise<boolean> {
    const context = this.o.context;
    if (context.state === 'running') return true;
    let timer: unknown = null;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = this.setTimer(() => resolve(false), this.o.contextResumeTimeoutMs ?? 2000);
    });
    const resumed = context.resume().then(
      () => true,
      () => false,
    );
    const ok = await Promise.race([resumed, timedOut]);
    this.clearTimer(timer);
    return ok && context.state === 'running';
  }

  private publish(): void {
    this.o.events.onState(this.state);
  }
}

/** What a failed getUserMedia means for recovery. */
function failureOf(result: PromiseSettledResult<unknown>): RecoveryFailure {
  const err: unknown = result.status === 'rejected' ? result.reason : null;
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    default:
      // NotReadableError, AbortError: the device is held elsewhere (a call) or glitched.
      return 'busy';
  }
}
