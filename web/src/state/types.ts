import type {
  AudioCodec,
  BitrateReason,
  ClientMarks,
  ClockEstimate,
  LanguageDrift,
  LlmFallback,
  ProviderInfo,
  ReminderItem,
  RoundTrip,
  ServedBy,
  ToolCallStatus,
  ToolConfirmEnd,
  ToolConfirmMessage,
  TurnMarks,
  TurnTimings,
  TurnToolCall,
} from '@parley/shared';
import type { ControlsState } from './controls.ts';
import type { MicState } from './mic-state.ts';
import type { TurnError, TurnFailure } from './turn-failure.ts';

/**
 * The relay connection: `unreachable` (the browser is online, the relay does not answer) is
 * apart from `offline` (no network, or the connection ended for good).
 */
export type ConnectionState =
  'idle' | 'connecting' | 'connected' | 'reconnecting' | 'unreachable' | 'offline';

/** Where the conversation is, from the user's point of view. */
export type CallState =
  'idle' | 'starting' | 'listening' | 'user-speaking' | 'thinking' | 'speaking';

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

export interface TurnFigures {
  turnId: number;
  relay: TurnTimings;
  /** Client-measured: end of speech → first reply sample played (ms). */
  voiceToVoiceMs?: number;
  /** What the turn cost (micro-dollars). */
  costMicros?: number;
}

/** A sound over a reply, judged: it stopped the reply or let it go on, `afterMs` its onset. */
export interface OverReplyMark {
  action: 'resume' | 'stop';
  reason: string;
  afterMs: number;
}

/** Everything known about one turn's timing, from both ends (see `buildTimeline`). */
export interface TurnTrace {
  turnId: number;
  traceId?: string;
  /** What the user said (or typed). */
  text?: string;
  typed?: boolean;
  client: ClientMarks;
  /** The relay's marks, on its clock. */
  relay?: TurnMarks;
  relayTimings?: TurnTimings;
  servedBy?: ServedBy;
  status?: string;
  costMicros?: number;
  /** How long the end of the user's turn waited at their last pause, and why. */
  endOfTurn?: { waitMs: number; reason: string };
  /** Sounds the user made over this turn's reply: whether each stopped it, and why. */
  overReply?: OverReplyMark[];
  /** The tools the turn called, with their spans on the relay's clock (from `turn.done`). */
  toolCalls?: TurnToolCall[];
  /** The reply was in another language than the conversation's (from `turn.done`). */
  languageDrift?: LanguageDrift;
}

/** A snapshot of the connection's health, taken every second during a call. */
export interface NetworkSample {
  atMs: number;
  /** Microphone chunks sent but not yet acknowledged by the relay. */
  unackedChunks: number;
  /** Bytes waiting in the WebSocket's send buffer. */
  bufferedBytes: number;
  reconnects: number;
  resumes: number;
  /** How audio travels (absent before the call's link is up). */
  audio?: AudioLine;
}

/** How the call's audio travels, for the latency panel. */
export interface AudioLine {
  up: AudioCodec;
  down: AudioCodec;
  /** Bits per second of the utterance being (or last) sent, when it goes as Opus. */
  upBitrate?: number;
  /** What the next utterance will be encoded at (the link decides). */
  nextUpBitrate?: number;
  /** Why the uplink bitrate is what it is. */
  upReason?: BitrateReason;
  downBitrate?: number | undefined;
  /** Who decodes the reply's Opus: the browser (WebCodecs) or WebAssembly. */
  decoder?: 'webcodecs' | 'wasm';
  /** The rate the microphone is captured at: the call's AudioContext's (Hz). */
  captureRateHz?: number;
  /** The rate the microphone's track says it runs at, where the browser says (Hz). */
  deviceRateHz?: number;
}

/** An update of a turn's trace: its client marks are merged with those already known. */
export type TraceUpdate = Omit<Partial<TurnTrace>, 'client'> & { client?: ClientMarks };

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

/** The connection's replay buffer, as the user is told of it while it is away. */
export interface UplinkState {
  /** Speech kept, not yet acknowledged by the relay (ms). */
  keptMs: number;
  /** The most speech kept (ms): beyond it the oldest is dropped. */
  capacityMs: number;
  /** Speech dropped since the call started because the buffer was full (ms). */
  lostMs: number;
  /** Typed messages waiting for their answer. */
  typed: number;
}
