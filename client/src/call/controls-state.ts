/** What the user controls during a call (mute, input mode, devices), as the call shows it. */

/** Hands-free: the voice detector takes turns. Push-to-talk: audio only while the user holds. */
export type InputMode = 'hands-free' | 'push-to-talk';

/** A device the call is using. */
export interface DeviceInUse {
  deviceId: string;
  label: string;
}

export interface ControlsState {
  /** The microphone is muted: nothing of it is sent (nor heard by the page). */
  muted: boolean;
  inputMode: InputMode;
  /** Push-to-talk is held (the talk control or Space). */
  talkHeld: boolean;
  /** The input the user chose (null: the system default); remembered per browser. */
  micDeviceId: string | null;
  /** The output the user chose (null: the system default); remembered per browser. */
  speakerDeviceId: string | null;
  /** The input the call's microphone captures from (null outside a call). */
  micInUse: DeviceInUse | null;
  /** Whether this browser lets the page choose its output (`AudioContext.setSinkId`). */
  speakerSelectable: boolean;
}
