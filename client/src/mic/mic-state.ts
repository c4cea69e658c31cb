/** Where the call's microphone is, as the page shows it (see `CaptureRecovery`). */

/** Why the microphone is not delivering audio. */
export type MicFault =
  /** The track ended (the system took the microphone, or its device went away). */
  | 'track-ended'
  /** The track is muted (iOS during a call or in the background); it may unmute by itself. */
  | 'track-muted'
  /** The AudioContext is suspended or interrupted: no audio reaches the capture graph. */
  | 'context-suspended'
  /** The input device in use is no longer listed (unplugged, Bluetooth off). */
  | 'device-lost'
  /**
   * The microphone's sample rate changed under the capture graph (a Bluetooth headset took the
   * input over at 16 or 24 kHz): the graph is built again at the new rate.
   */
  | 'rate-changed';

/** Why an attempt to bring the microphone back failed. */
export type RecoveryFailure =
  /** The microphone was refused (permission revoked): only the user can change that. */
  | 'denied'
  /** No microphone (all unplugged): one may come back. */
  | 'missing'
  /** The microphone is in use elsewhere (a call): it may be free soon. */
  | 'busy'
  /** The AudioContext would not resume without a user gesture. */
  | 'context';

export type RecoveryStatus =
  /** Audio flows. */
  | 'live'
  /** No audio; waiting for the page to be visible again or the track to unmute. */
  | 'paused'
  /** An attempt to bring it back is under way. */
  | 'recovering'
  /** An attempt failed; another is scheduled. */
  | 'retrying'
  /** It cannot come back by itself: the user must act (see `failure`), then retry. */
  | 'stuck';

/** Where the microphone is, for the user. */
export interface MicState {
  status: RecoveryStatus;
  faults: MicFault[];
  failure: RecoveryFailure | null;
  /** Whether the page is visible (a pause in the background ends when it is again). */
  visible: boolean;
}
