/**
 * `@parley/client`: the call as the app runs it (capture, voice detection, the resilient link
 * to the relay, playback, turn-taking), as a package (issue 64, docs/design/client-package.md):
 * `createParleyCall` and its events. See client/README.md. The app enters the same call one
 * level lower, through `./internal.ts`.
 */
// First: zod's configuration, before any schema is made (risk R6 of the plan). A page on the
// package's built file has no zod-config of its own: without this, zod's eval check is a CSP
// violation on a page that forbids eval (an embedding site's).
import './audio/zod-config.ts';
import { createParleyCallAt } from './parley-call.ts';
import type { ParleyCall, ParleyCallOptions } from './parley-call-types.ts';

/**
 * Makes a conversation with a Parley relay: spoken (`start`, from a tap) or typed (`sendText`).
 * What happens is told through `on(event, listener)`; nothing is opened until one of them.
 */
export function createParleyCall(options: ParleyCallOptions): ParleyCall {
  return createParleyCallAt(options);
}

export type * from './types.ts';
export type {
  CallControlsState,
  CallPhase,
  ContinueFrom,
  ParleyCall,
  ParleyCallEventName,
  ParleyCallEvents,
  ParleyCallOptions,
} from './parley-call-types.ts';
export type { ToolAnswer, TurnRetry } from './turn/typed-message.ts';
export type { CallDebug, CallDebugParts } from './call/call-deps.ts';
export type { CallSwitches } from './call/call-switches.ts';
export type { ServerMessage } from '@parley/shared';
export { TicketError } from './call/call-errors.ts';
