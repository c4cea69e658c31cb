import type { AudioCodec, BitrateReason, TurnTimings } from '@parley/shared';

// What the page shows of the call's parts comes through here (the page enters the call by it).
export type { MicFault, MicState, RecoveryFailure, RecoveryStatus } from '../mic/mic-state.ts';
export type { OverReplyMark, TraceUpdate, TurnTrace } from '../turn/turn-trace.ts';

/** Where the conversation is, from the user's point of view. */
export type CallState =
  'idle' | 'starting' | 'listening' | 'user-speaking' | 'thinking' | 'speaking';

/** A turn's figures: the relay's timings, and what the page measured of it. */
export interface TurnFigures {
  turnId: number;
  relay: TurnTimings;
  /** Client-measured: end of speech → first reply sample played (ms). */
  voiceToVoiceMs?: number;
  /** What the turn cost (micro-dollars). */
  costMicros?: number;
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
