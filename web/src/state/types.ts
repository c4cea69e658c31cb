import type {
  ClockEstimate,
  LlmFallback,
  ProviderInfo,
  ReminderItem,
  RoundTrip,
  ToolCallStatus,
  ToolConfirmEnd,
  ToolConfirmMessage,
} from '@parley/shared';
import type {
  CallState,
  ControlsState,
  MicState,
  NetworkSample,
  TurnFigures,
  TurnTrace,
  UplinkState,
} from '@parley/client/types';
import type { TurnError, TurnFailure } from './turn-failure.ts';

// The call's own types, shown in the app's state (the call declares them: it knows no app).
export type {
  AudioLine,
  CallState,
  NetworkSample,
  TurnFigures,
  OverReplyMark,
  TraceUpdate,
  TurnTrace,
  UplinkState,
} from '@parley/client/types';

/**
 * The relay connection: `unreachable` (the browser is online, the relay does not answer) is
 * apart from `offline` (no network, or the connection ended for good).
 */
export type ConnectionState =
  'idle' | 'connecting' | 'connected' | 'reconnecting' | 'unreachable' | 'offline';

export interface ChatEntry {
  /** `${role}-${turnId}`: one user entry and one assistant entry per turn. */
  key: string;
  role: 'user' | 'assistant';
  turnId: number;
  text: string;
  /** False while the text is still streaming in. */
  final: boolean;
  status?: 'completed' | 'failed' | 'cancelled' | 'interrupted';
  /** The last problem the relay reported for this turn (assistant entries). */
  error?: TurnError;
  /** A failed turn (assistant entries): what failed, in plain words. */
  failure?: TurnFailure;
  /** The failed turn was sent again (its retry is no longer offered). */
  retried?: boolean;
  /** The tools the reply called, in the order called (assistant entries). */
  tools?: ToolCallView[];
  /** The reply asks the user to confirm tool calls (assistant entries). */
  confirm?: ToolConfirmView;
}

/** One tool call of a turn as the transcript shows it: running, or how it ended. */
export interface ToolCallView {
  callId: string;
  name: string;
  /** The arguments as the model wrote them (JSON text, maybe cut). */
  arguments: string;
  status: ToolCallStatus | 'running';
  /** What it gave, or why it did not run (once it ended). */
  summary?: string;
  /** Relay clock (epoch ms). */
  startedAtMs: number;
  endedAtMs?: number;
}

/** Calls the relay asked the user to confirm, and what they answered here (if they did). */
export interface ToolConfirmView {
  confirmId: string;
  calls: ToolConfirmMessage['calls'];
  question: string;
  /** Tapped here; null: not answered by a tap (maybe by voice: the next turn says). */
  answer: 'confirmed' | 'declined' | null;
  /** The relay closed the question (`tool.closed`): how; absent while it is open. */
  closed?: ToolConfirmEnd;
}

/** What the relay's messages change (see `applyServerMessage`). */
export type ConversationState = Pick<
  AppState,
  | 'entries'
  | 'notice'
  | 'typingSuggested'
  | 'sessionCostMicros'
  | 'userDayCostMicros'
  | 'traces'
  | 'figures'
  | 'providers'
  | 'llmFallback'
  | 'toolsVersion'
  | 'ringing'
>;

export interface AppState extends ControlsState {
  connection: ConnectionState;
  connectionDetail: string | null;
  call: CallState;
  entries: ChatEntry[];
  providers: { asr: ProviderInfo; llm: ProviderInfo; tts: ProviderInfo } | null;
  /**
   * The last answer did not come from the language model the relay names first (it could not be
   * reached, or failed): which one, why, and who answered. Null once it answers again, or the
   * chains change.
   */
  llmFallback: LlmFallback | null;
  /** The last problem worth telling the user about, phrased as what to do. */
  notice: string | null;
  /**
   * Bumped when the user's reminders or notes may have changed (a turn ended: a tool may have
   * run; a reminder came due): the lists that show them read them again.
   */
  toolsVersion: number;
  /** The reminder that rang last, shown until the user dismisses it. */
  ringing: ReminderItem | null;
  figures: TurnFigures[];
  micLevel: number;
  /** Running cost of this conversation and of the user's day (micro-dollars). */
  sessionCostMicros: number;
  userDayCostMicros: number;
  /** The relay asked for a sign-in token (AUTH_MODE=jwt). */
  needsToken: boolean;
  /** Heartbeat round trips of this call (last 300), for the network view. */
  roundTrips: RoundTrip[];
  /** Whether the user can interrupt replies (full) or the mic is ignored while they play. */
  duplex: 'full' | 'half' | null;
  /** The language the call's turns are taken in (BCP 47), as the relay said it; null: no call. */
  turnLanguage: string | null;
  /** Speech recognition failed: the text box is offered first. */
  typingSuggested: boolean;
  /** Per-turn timing traces of this session (last 200). */
  traces: TurnTrace[];
  /** The relay's clock offset, estimated from heartbeats (null until the first pong). */
  clock: ClockEstimate | null;
  /** Connection health over time (last 300 s). */
  network: NetworkSample[];
  /** The call's microphone: live, or paused and why (null outside a call). */
  mic: MicState | null;
  /** The input in use went away and this one took over (a short notice). */
  micSwitchedTo: string | null;
  /** Level of the assistant's voice as played (RMS, 0–1), while it speaks; 0 otherwise. */
  assistantLevel: number;
  /** What is kept for the relay while the connection is away (null without a connection). */
  uplink: UplinkState | null;
  /** Whether the relay answered its last health check (null: not checked yet). */
  relayReachable: boolean | null;
  /** What a "retry" of a failed start does again: the call, or nothing but the check. */
  startRetry: 'call' | null;
  /** The microphone could not be opened at the start of a call: typing goes on. */
  micBlocked: 'denied' | 'missing' | 'busy' | null;
  /** Replies to typed messages (outside a call) are spoken too; remembered per browser. */
  speakReplies: boolean;
  /** A past conversation the next connection continues (from the history). */
  continuing: { sessionId: string; title: string | null } | null;
  /** The session of the connection open now (its `ready`), for error reports; null without. */
  sessionId: string | null;
}
