/**
 * `@parley/client/types`: the types of what a call shows (its state, its payloads), apart: the
 * app's store declares its state with them, and the benches and end-to-end specs read that
 * store's types under Node; importing them loads none of the call's browser code. The package's
 * entry (`@parley/client`) declares them too.
 */
export type {
  BargeInRule,
  Eagerness,
  ProviderInfo,
  Providers,
  ReminderItem,
  RoundTrip,
  ToolCallEvent,
  ToolCallStatus,
  ToolClosedEvent,
  ToolConfirmEvent,
  ToolEvent,
  ToolProgressEvent,
  ToolResultEvent,
  TurnStatus,
} from './payload-types.ts';
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
