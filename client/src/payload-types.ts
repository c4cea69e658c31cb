/**
 * The payloads of `@parley/client`'s events and options, written out as plain interfaces (not
 * the protocol's `z.infer` types): a page's types then need neither zod nor the private
 * `@parley/shared` (risk R5 of docs/design/client-package.md). payload-types.test.ts checks that
 * the protocol's own types are assignable to them, so they cannot drift apart unseen.
 */

/** How a turn ended (`turn.done`): answered, nothing heard, failed, stopped before its end. */
export type TurnStatus = 'completed' | 'empty' | 'failed' | 'cancelled';

/** How soon turns end at a pause (the user's preference). */
export type Eagerness = 'patient' | 'balanced' | 'eager';

/** How a sound over the reply is judged: by its words, or any sound stops the reply. */
export type BargeInRule = 'words' | 'any-sound';

/** A provider of one stage, as the relay names it. */
export interface ProviderInfo {
  id: string;
  /** What the page shows. */
  label: string;
  /** A word for the user about it (a fallback in use, a key missing). */
  notice?: string | undefined;
}

/** Which provider serves each stage: speech recognition, the language model, speech. */
export interface Providers {
  asr: ProviderInfo;
  llm: ProviderInfo;
  tts: ProviderInfo;
}

/** A reminder the relay says is due (its id, its words, when: epoch ms). */
export interface ReminderItem {
  id: string;
  text: string;
  dueAt: number;
}

/** One heartbeat: round-trip time and the clocks' offset (server − client), in ms. */
export interface RoundTrip {
  rttMs: number;
  offsetMs: number;
  /** Client time the answer arrived (epoch ms). */
  atMs: number;
}

/** A tool the model called, in turn `turnId` (`arguments`: JSON, as the model wrote it). */
export interface ToolCallEvent {
  type: 'tool.call';
  turnId: number;
  callId: string;
  name: string;
  arguments: string;
  startedAtMs: number;
}

/** How a tool call ended. */
export type ToolCallStatus =
  | 'done'
  | 'failed'
  | 'invalid-arguments'
  | 'unknown-tool'
  | 'timed-out'
  | 'cancelled'
  | 'declined'
  | 'skipped'
  | 'asked';

/** A tool call ended: its status and a line about what it did. */
export interface ToolResultEvent {
  type: 'tool.result';
  turnId: number;
  callId: string;
  name: string;
  status: ToolCallStatus;
  summary: string;
  startedAtMs: number;
  endedAtMs: number;
}

/** The assistant asks the user to confirm calls (answer with `answer()` or in words). */
export interface ToolConfirmEvent {
  type: 'tool.confirm';
  turnId: number;
  confirmId: string;
  calls: { callId: string; name: string; arguments: string; action: string }[];
  question: string;
}

/** A confirmation is over: answered, asked again, expired or withdrawn. */
export interface ToolClosedEvent {
  type: 'tool.closed';
  confirmId: string;
  outcome: 'answered' | 'asked-again' | 'expired' | 'withdrawn';
}

/** Tools are taking long: a line said (`spoken`) or an earcon played. */
export interface ToolProgressEvent {
  type: 'tool.progress';
  turnId: number;
  /** The tools still running; none: the model is slow to answer. */
  names: string[];
  progress: 'spoken' | 'earcon';
  text?: string | undefined;
  atMs: number;
}

/** The `tool` event's payload. */
export type ToolEvent =
  ToolCallEvent | ToolResultEvent | ToolConfirmEvent | ToolClosedEvent | ToolProgressEvent;
