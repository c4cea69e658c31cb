import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import {
  ClockOffsetEstimator,
  type ClientMarks,
  type ClockEstimate,
  type ProviderInfo,
  type RoundTrip,
  type ServedBy,
  type TurnMarks,
  type TurnTimings,
} from '@parley/shared';
import type { MicState } from '../voice/capture-recovery.ts';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

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
}

export interface TurnFigures {
  turnId: number;
  relay: TurnTimings;
  /** Client-measured: end of speech → first reply sample played (ms). */
  voiceToVoiceMs?: number;
  /** What the turn cost (micro-dollars). */
  costMicros?: number;
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
}

export interface AppState {
  connection: ConnectionState;
  connectionDetail: string | null;
  call: CallState;
  entries: ChatEntry[];
  providers: { asr: ProviderInfo; llm: ProviderInfo; tts: ProviderInfo } | null;
  /** The last problem worth telling the user about, phrased as what to do. */
  notice: string | null;
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
}

const initial: AppState = {
  connection: 'idle',
  connectionDetail: null,
  call: 'idle',
  entries: [],
  providers: null,
  notice: null,
  figures: [],
  micLevel: 0,
  sessionCostMicros: 0,
  userDayCostMicros: 0,
  needsToken: false,
  roundTrips: [],
  duplex: null,
  typingSuggested: false,
  traces: [],
  clock: null,
  network: [],
  mic: null,
  micSwitchedTo: null,
};

/** The session's clock estimator (reset with the store). */
let clockEstimator = new ClockOffsetEstimator();

/** The app's one store. Actions below are plain functions usable outside React. */
export const store = createStore<AppState>()(() => ({ ...initial }));

/** React binding: `useApp((s) => s.call)`. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(store, selector);
}

const set = store.setState;

export const actions = {
  setConnection(connection: ConnectionState, detail: string | null = null): void {
    set({ connection, connectionDetail: detail });
  },
  setCall(call: CallState): void {
    set({ call });
  },
  setProviders(providers: AppState['providers']): void {
    set({ providers });
  },
  suggestTyping(typingSuggested: boolean): void {
    set({ typingSuggested });
  },
  setNotice(notice: string | null): void {
    set({ notice });
  },
  setMicLevel(micLevel: number): void {
    set({ micLevel });
  },
  setMic(mic: MicState | null): void {
    set({ mic });
  },
  setMicSwitchedTo(micSwitchedTo: string | null): void {
    set({ micSwitchedTo });
  },
  setCost(sessionCostMicros: number, userDayCostMicros: number): void {
    set({ sessionCostMicros, userDayCostMicros });
  },
  setNeedsToken(needsToken: boolean): void {
    set({ needsToken });
  },
  setDuplex(duplex: AppState['duplex']): void {
    set({ duplex });
  },
  /** The user cut the reply of `turnId` short. */
  markInterrupted(turnId: number): void {
    actions.upsertEntry('assistant', turnId, (e) => ({ ...e, status: 'interrupted' }));
  },
  recordRoundTrip(rt: RoundTrip): void {
    clockEstimator.add({
      sentAtMs: rt.atMs - rt.rttMs,
      serverAtMs: rt.offsetMs + rt.atMs - rt.rttMs / 2,
      receivedAtMs: rt.atMs,
    });
    set({
      roundTrips: [...store.getState().roundTrips, rt].slice(-300),
      clock: clockEstimator.estimate(),
    });
  },
  /** Adds to what is known of `turnId`'s timing (client marks are merged, not replaced). */
  trace(
    turnId: number,
    update: Omit<Partial<TurnTrace>, 'client'> & { client?: ClientMarks },
  ): void {
    const traces = store.getState().traces;
    const index = traces.findIndex((t) => t.turnId === turnId);
    const base: TurnTrace = traces[index] ?? { turnId, client: {} };
    const next: TurnTrace = { ...base, ...update, client: { ...base.client, ...update.client } };
    set({
      traces:
        index >= 0 ? traces.map((t, i) => (i === index ? next : t)) : [...traces, next].slice(-200),
    });
  },
  /** Replaces the traces (a session timeline imported from a file). */
  importTraces(traces: TurnTrace[], clock: ClockEstimate | null): void {
    set({ traces, clock });
  },
  recordNetwork(sample: NetworkSample): void {
    set({ network: [...store.getState().network, sample].slice(-300) });
  },
  /** Creates or updates the entry of `role` for `turnId`. */
  upsertEntry(role: ChatEntry['role'], turnId: number, update: (e: ChatEntry) => ChatEntry): void {
    const key = `${role}-${turnId}`;
    const entries = store.getState().entries;
    const index = entries.findIndex((e) => e.key === key);
    const base: ChatEntry =
      index >= 0 ? (entries[index] as ChatEntry) : { key, role, turnId, text: '', final: false };
    const next = update(base);
    if (index >= 0) set({ entries: entries.map((e, i) => (i === index ? next : e)) });
    else set({ entries: [...entries, next] });
  },
  removeEntry(role: ChatEntry['role'], turnId: number): void {
    const key = `${role}-${turnId}`;
    set({ entries: store.getState().entries.filter((e) => e.key !== key) });
  },
  recordFigures(turnId: number, update: Partial<TurnFigures>): void {
    const figures = store.getState().figures;
    const index = figures.findIndex((f) => f.turnId === turnId);
    const next: TurnFigures = { ...(figures[index] ?? { turnId, relay: {} }), ...update };
    set({
      figures:
        index >= 0
          ? figures.map((f, i) => (i === index ? next : f))
          : [...figures, next].slice(-200),
    });
  },
  /** A new conversation (perhaps with another relay): timing traces and clock start over. */
  newTimeline(): void {
    clockEstimator = new ClockOffsetEstimator();
    set({ traces: [], clock: null, network: [], roundTrips: [] });
  },
  reset(): void {
    clockEstimator = new ClockOffsetEstimator();
    set({ ...initial });
  },
};
