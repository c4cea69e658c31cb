import type { CapturedAudio } from '../audio/capture.ts';
import { StreamTimeline } from '../audio/stream-timeline.ts';
import { resumeWithin } from './context-resume.ts';
import { CaptureRecovery, type MicState, type RecoveryEffect } from './capture-recovery.ts';
import {
  failureOf,
  inputToOpen,
  inputStillPresent,
  isInUse,
  isMissingDevice,
  type DeviceEntry,
} from './input-device.ts';
import type { CaptureHandle, ResilientMicOptions } from './resilient-mic-options.ts';

export type { CaptureHandle, ResilientMicOptions } from './resilient-mic-options.ts';

/**
 * The call's microphone, kept alive through what phones do to it: it listens to the track
 * (`ended`, `mute`, `unmute`), the AudioContext (`statechange`), the page (shown or hidden) and
 * the devices (`devicechange`), lets {@link CaptureRecovery} decide, and carries out: opens the
 * microphone again, resumes the context, retries on a timer. Audio keeps one continuous stream
 * position across all of it, so the uplink's chunk numbering just goes on. The user may hold
 * the stream (mute, push-to-talk) and choose the input; a chosen input that goes away gives way
 * to the default, and is taken back when it returns.
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
  /** The user holds the stream; `silent`: the track is disabled too (mute). */
  private held = false;
  private silent = false;
  private preferred: string | null;
  /** The devices at the last `devicechange` (null: not looked at yet). */
  private listed: DeviceEntry[] | null = null;
  /** Counts the user's choices of input, so a switch under way sees a newer one. */
  private choices = 0;
  private switching = false;
  /** The rate the microphone in use reported when it was attached (Hz; where reported). */
  private attachedRateHz: number | undefined;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly o: ResilientMicOptions<C>) {
    this.now = o.now ?? (() => Date.now());
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.preferred = o.preferredInput ?? null;
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
    const capture = await this.openInput();
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

  /**
   * The user holds the stream (mute; push-to-talk not pressed) or lets it flow again. Held,
   * captured audio is not part of the stream (`onHeldAudio` gets it, for a level meter) and
   * `onPaused('user')` ends or drops what was being said; `silent` also disables the track, so
   * nothing of the microphone reaches the page (mute). Let go, the stream goes on at
   * `nextStreamSample()`.
   */
  hold(held: boolean, silent = false): void {
    const was = this.held;
    this.held = held;
    this.silent = held && silent;
    if (this.capture) this.capture.track.enabled = !this.silent;
    if (held === was || this.recovery.status !== 'live') return;
    if (held) this.o.events.onPaused('user');
    else {
      this.runStarts = true;
      this.o.events.onResumed();
    }
  }

  /**
   * The user chose input `deviceId` (null: the system default). The microphone in use is
   * replaced at once — the stream pauses and goes on, the conversation with it; while the
   * microphone is away, the choice is used when it comes back.
   */
  selectInput(deviceId: string | null): Promise<void> {
    this.preferred = deviceId;
    this.choices++;
    const track = this.capture?.track;
    if (this.switching || !track || this.recovery.status !== 'live') return Promise.resolve();
    if (isInUse(track.getSettings(), inputToOpen(deviceId, this.listed))) return Promise.resolve();
    return this.switchInput();
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
    if (this.held) {
      this.o.events.onHeldAudio?.(a);
      return;
    }
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
    this.attachedRateHz = capture.track.getSettings().sampleRate;
    capture.track.enabled = !this.silent;
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
  private readonly onUnmute = () => {
    this.run(this.recovery.cleared('track-muted', this.now()));
    this.checkRate();
  };

  /**
   * A route change (a Bluetooth headset taking the input over, a call ending) can change the
   * microphone's rate under a running graph; WebKit has played such input back garbled. The
   * graph is built again on the new track rather than trusted to adapt.
   */
  private checkRate(): void {
    const track = this.capture?.track;
    if (!track || this.recovery.status !== 'live') return;
    const rate = track.getSettings().sampleRate;
    if (rate !== undefined && this.attachedRateHz !== undefined && rate !== this.attachedRateHz)
      this.run(this.recovery.fault('rate-changed', this.now()));
  }

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
        this.listed = list;
        if (this.closed || this.capture?.track !== track) return;
        if (!inputStillPresent(track.getSettings(), list)) {
          this.run(this.recovery.fault('device-lost', this.now()));
          return;
        }
        this.checkRate();
        if (this.switching || this.recovery.status !== 'live') return;
        // The chosen input is back (it had gone away, the default took over): take it.
        const wanted = inputToOpen(this.preferred, list);
        if (wanted !== undefined && !isInUse(track.getSettings(), wanted)) void this.switchInput();
      },
      () => undefined,
    );
  };

  /**
   * Opens the chosen input, or the default when the chosen one is not listed or cannot be found
   * (unplugged since). getUserMedia is called before any await (a tap's gesture holds).
   */
  private openInput(): Promise<C> {
    const deviceId = inputToOpen(this.preferred, this.listed);
    const opened = this.openDevice(deviceId);
    if (deviceId === undefined) return opened;
    return opened.catch((err: unknown) => {
      if (!isMissingDevice(err)) throw err;
      return this.openDevice(undefined);
    });
  }

  private async openDevice(deviceId: string | undefined): Promise<C> {
    let capture: C | null = null;
    capture = await this.o.open((a) => {
      if (capture) this.onAudio(capture, a);
    }, deviceId);
    return capture;
  }

  /**
   * Replaces the microphone in use with the chosen input: what the user was saying is ended or
   * dropped, the old microphone released first (a phone may allow one at a time), the stream
   * goes on with the new one. If it cannot be opened, recovery takes over as for a lost track.
   */
  private async switchInput(): Promise<void> {
    this.switching = true;
    const choice = this.choices;
    if (!this.held) this.o.events.onPaused('user');
    this.detach();
    const capture = await this.openInput().catch(() => null);
    this.switching = false;
    if (this.closed) {
      capture?.stop();
      return;
    }
    if (!capture) {
      this.run(this.recovery.fault('track-ended', this.now()));
      return;
    }
    this.attach(capture);
    this.runStarts = true;
    if (!this.held) this.o.events.onResumed();
    this.publish();
    if (this.choices !== choice) void this.selectInput(this.preferred);
  }

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
    const opened = this.openInput();
    const [context, mic] = await Promise.allSettled([contextReady, opened]);
    const capture = mic.status === 'fulfilled' ? mic.value : null;
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
  private resumeContext(): Promise<boolean> {
    return resumeWithin(this.o.context, this.o.contextResumeTimeoutMs ?? 2000, {
      setTimer: this.setTimer,
      clearTimer: this.clearTimer,
    });
  }

  private publish(): void {
    this.o.events.onState(this.state);
  }
}
