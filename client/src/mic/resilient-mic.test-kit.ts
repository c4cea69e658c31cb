import { vi } from 'vitest';
import type { CapturedAudio } from '../audio/capture.ts';
import type { MicState } from './capture-recovery.ts';
import type { DeviceEntry } from './input-device.ts';
import { ResilientMic, type CaptureHandle } from './resilient-mic.ts';

class FakeTrack extends EventTarget {
  muted = false;
  enabled = true;
  readyState: MediaStreamTrackState = 'live';
  constructor(
    readonly label: string,
    private readonly settings: { deviceId?: string; groupId?: string; sampleRate?: number },
  ) {
    super();
  }
  /** The route changed under the track: it now runs at `rateHz`. */
  setRate(rateHz: number) {
    this.settings.sampleRate = rateHz;
  }
  getSettings() {
    return this.settings;
  }
  /** What the system does: the track ends, `ended` fires. */
  end() {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
  mute(muted: boolean) {
    this.muted = muted;
    this.dispatchEvent(new Event(muted ? 'mute' : 'unmute'));
  }
}

class FakeCapture implements CaptureHandle {
  stopped = false;
  constructor(
    readonly track: FakeTrack,
    private readonly onAudio: (a: CapturedAudio) => void,
  ) {}
  stop() {
    this.stopped = true;
  }
  /** A 20 ms block (320 samples at 16 kHz) at this capture's position `firstSample`. */
  block(firstSample: number) {
    this.onAudio({ samples: new Float32Array(320), firstSample, capturedAtMs: Date.now() });
  }
}

class FakeContext extends EventTarget {
  state = 'running';
  /** Whether `resume()` works (false: it hangs, as iOS's does without a gesture). */
  resumable = true;
  resume = vi.fn(() => {
    if (!this.resumable) return new Promise<void>(() => undefined);
    this.set('running');
    return Promise.resolve();
  });
  set(state: string) {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeDevices extends EventTarget {
  list: DeviceEntry[] = [
    { kind: 'audioinput', deviceId: 'default', groupId: 'headset' },
    { kind: 'audioinput', deviceId: 'hs', groupId: 'headset' },
    { kind: 'audioinput', deviceId: 'builtin', groupId: 'laptop' },
  ];
  enumerateDevices() {
    return Promise.resolve(this.list);
  }
  unplug(groupId: string) {
    this.list = this.list.filter((d) => d.groupId !== groupId);
    this.dispatchEvent(new Event('devicechange'));
  }
  plug(device: DeviceEntry) {
    this.list = [...this.list, device];
    this.dispatchEvent(new Event('devicechange'));
  }
}

/**
 * A ResilientMic on fakes of the browser (tracks, captures, the context, the devices, the page)
 * that records what it tells (audio positions, pauses, states), with fake time (the caller's).
 */
export function setup(preferredInput: string | null = null) {
  const context = new FakeContext();
  const devices = new FakeDevices();
  const page: { visible: boolean; onChange: () => void } = {
    visible: true,
    onChange: () => undefined,
  };
  const captures: FakeCapture[] = [];
  /** getUserMedia's next answers: an error name, or a device (label, group). */
  const answers: (string | { label: string; groupId: string })[] = [];
  const audio: number[] = [];
  const states: MicState[] = [];
  const log: string[] = [];
  let streamEnd = 0;
  const held: number[] = [];
  /** getUserMedia: the device asked for (exactly) must be there; its label is its id. */
  const open = vi.fn((onAudio: (a: CapturedAudio) => void, deviceId?: string) => {
    const device = devices.list.find((d) => d.deviceId === deviceId);
    if (deviceId !== undefined && !device)
      return Promise.reject(new DOMException('gone', 'OverconstrainedError'));
    const answer =
      answers.shift() ??
      (device ? { label: device.deviceId, groupId: device.groupId } : undefined) ??
      ({ label: 'Headset', groupId: 'headset' } as const);
    if (typeof answer === 'string') return Promise.reject(new DOMException('no', answer));
    const capture = new FakeCapture(
      new FakeTrack(answer.label, {
        deviceId: deviceId ?? 'default',
        groupId: answer.groupId,
        sampleRate: 48_000,
      }),
      onAudio,
    );
    captures.push(capture);
    return Promise.resolve(capture);
  });
  const mic = new ResilientMic<FakeCapture>({
    open,
    preferredInput,
    context,
    devices,
    visible: () => page.visible,
    watchPage: (onChange) => {
      page.onChange = onChange;
      return () => (page.onChange = () => undefined);
    },
    nextStreamSample: () => streamEnd,
    events: {
      onAudio: (a) => {
        audio.push(a.firstSample);
        streamEnd = a.firstSample + a.samples.length;
      },
      onPaused: (fault) => {
        log.push(`paused:${fault}`);
        // As TurnTaker.micPaused does: the stream continues at the next chunk boundary.
        streamEnd = Math.ceil(streamEnd / 1600) * 1600;
      },
      onResumed: () => log.push('resumed'),
      onState: (s) => states.push(s),
      onSwitched: (label) => log.push(`switched:${label}`),
      onHeldAudio: (a) => held.push(a.firstSample),
    },
    contextResumeTimeoutMs: 2000,
    unmuteGraceMs: 1500,
    retryDelaysMs: [500, 1000],
  });
  const show = (visible: boolean) => {
    page.visible = visible;
    page.onChange();
  };
  const last = () => captures.at(-1) as FakeCapture;
  const status = () => states.at(-1)?.status;
  return {
    mic,
    context,
    devices,
    captures,
    answers,
    audio,
    held,
    log,
    open,
    show,
    last,
    status,
    states,
  };
}
