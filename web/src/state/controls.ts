import type { ControlsState } from '../voice/call/controls-state.ts';

export type { ControlsState, DeviceInUse, InputMode } from '../voice/call/controls-state.ts';

/** The controls before the call has shown any. */
export const initialControls: ControlsState = {
  muted: false,
  inputMode: 'hands-free',
  talkHeld: false,
  micDeviceId: null,
  speakerDeviceId: null,
  micInUse: null,
  speakerSelectable: false,
};
