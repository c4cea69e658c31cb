import type { ControlsState } from '@parley/client/types';

export type { ControlsState, DeviceInUse, InputMode } from '@parley/client/types';

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
