import type { CapturedAudio } from '../audio/capture.ts';
import type { MicFault, MicState } from './capture-recovery.ts';
import type { DeviceEntry } from './input-device.ts';

/** What a ResilientMic is given and tells (see resilient-mic.ts). */

/** The parts of a MediaStreamTrack a ResilientMic uses. */
export interface MicTrack extends EventTarget {
  readonly label: string;
  /** False: the track delivers silence (mute). */
  enabled: boolean;
  readonly muted: boolean;
  readonly readyState: MediaStreamTrackState;
  /** `sampleRate` where the browser reports it (Safari, Chromium; not Firefox). */
  getSettings(): { deviceId?: string; groupId?: string; sampleRate?: number };
}

/** An open microphone feeding the capture graph (MicCapture fits). */
export interface CaptureHandle {
  readonly track: MicTrack;
  /** Releases the microphone and the nodes. Idempotent. */
  stop(): void;
}

export interface ResilientMicEvents<C extends CaptureHandle> {
  /** Captured audio, its positions continuous across pauses and new tracks. */
  onAudio(audio: CapturedAudio): void;
  /**
   * Audio stopped (a fault, or `user`: held, or switching inputs): end what the user was saying,
   * reset turn-taking.
   */
  onPaused(fault: MicFault | 'user'): void;
  /** Audio flows again (the next `onAudio` continues the stream at `nextStreamSample()`). */
  onResumed(): void;
  onState(state: MicState): void;
  /** The input in use went away and another took over (its label). */
  onSwitched(label: string): void;
  /** A (new) capture is open. */
  onCapture?(capture: C): void;
  /** Audio captured while the stream is held (not part of it): for a level meter. */
  onHeldAudio?(audio: CapturedAudio): void;
}

export interface ResilientMicOptions<C extends CaptureHandle> {
  /**
   * Opens the microphone into the capture graph, with the call's constraints and input
   * `deviceId` (exactly; undefined: the default input); rejects with getUserMedia's DOMException.
   */
  open(onAudio: (audio: CapturedAudio) => void, deviceId?: string): Promise<C>;
  /** The input the user chose (a deviceId); null or absent: the system's default. */
  preferredInput?: string | null;
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
