/**
 * `@parley/client`: the call as the app runs it (capture, voice detection, the resilient link
 * to the relay, playback, turn-taking), as a package (issue 64, docs/design/client-package.md).
 * For now this entry holds the call's types the app shows in its state; `createParleyCall` and
 * its events are the plan's step 6. The app wires the call through `./internal.ts`.
 */
export type {
  AudioLine,
  CallState,
  MicFault,
  MicState,
  NetworkSample,
  OverReplyMark,
  RecoveryFailure,
  RecoveryStatus,
  TraceUpdate,
  TurnFigures,
  TurnTrace,
  UplinkState,
} from './call/call-state.ts';
export type { ControlsState, DeviceInUse, InputMode } from './call/controls-state.ts';
export type { StartFailure } from './call/failure-text.ts';
