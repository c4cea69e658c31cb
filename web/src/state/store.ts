import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import {
  ClockOffsetEstimator,
  type ClockEstimate,
  type RoundTrip,
  type ServerMessage,
} from '@parley/shared';
import {
  applyServerMessage,
  mergeFigures,
  mergeTrace,
  removeEntry,
  upsertEntry,
} from './conversation.ts';
import type {
  AppState,
  CallState,
  ChatEntry,
  ConnectionState,
  NetworkSample,
  TraceUpdate,
  TurnFigures,
  TurnTrace,
  UplinkState,
} from './types.ts';
import { initialControls, type ControlsState } from './controls.ts';
import type { MicState } from '@parley/client/types';

export type * from './types.ts';
export type { DeviceInUse, InputMode } from './controls.ts';

const SPEAK_REPLIES_KEY = 'parley.speakReplies';

function loadSpeakReplies(): boolean {
  try {
    return globalThis.localStorage.getItem(SPEAK_REPLIES_KEY) === '1';
  } catch {
    return false;
  }
}

const initial: AppState = {
  ...initialControls,
  connection: 'idle',
  connectionDetail: null,
  call: 'idle',
  entries: [],
  providers: null,
  llmFallback: null,
  notice: null,
  toolsVersion: 0,
  ringing: null,
  figures: [],
  micLevel: 0,
  sessionCostMicros: 0,
  userDayCostMicros: 0,
  needsToken: false,
  roundTrips: [],
  duplex: null,
  turnLanguage: null,
  typingSuggested: false,
  traces: [],
  clock: null,
  network: [],
  mic: null,
  micSwitchedTo: null,
  assistantLevel: 0,
  uplink: null,
  relayReachable: null,
  startRetry: null,
  micBlocked: null,
  speakReplies: false,
  continuing: null,
  sessionId: null,
};

/**
 * A store of the app's state and the actions that change it: plain functions usable outside
 * React (the call, the socket, the VAD callbacks). The page has one ({@link appStore}); a test
 * makes its own.
 */
export function createAppStore() {
  const first: AppState = { ...initial, speakReplies: loadSpeakReplies() };
  const store = createStore<AppState>()(() => ({ ...first }));
  const set = store.setState;
  /** The session's clock estimator (reset with the store). */
  let clockEstimator = new ClockOffsetEstimator();
  const actions = {
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
    /** The reminder shown as rung (null: dismissed). */
    setRinging(ringing: AppState['ringing']): void {
      set({ ringing });
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
    /** Mute, input mode, devices (see state/controls.ts). */
    setControls(controls: Partial<ControlsState>): void {
      set(controls);
    },
    setAssistantLevel(assistantLevel: number): void {
      set({ assistantLevel });
    },
    /** The language the call's turns are taken in (BCP 47; null: no call). */
    setTurnLanguage(turnLanguage: string | null): void {
      set({ turnLanguage });
    },
    setCost(sessionCostMicros: number, userDayCostMicros: number): void {
      set({ sessionCostMicros, userDayCostMicros });
    },
    /** A new session: its cost starts at 0 (the user's day goes on). */
    resetSessionCost(): void {
      set({ sessionCostMicros: 0 });
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
    trace(turnId: number, update: TraceUpdate): void {
      set({ traces: mergeTrace(store.getState().traces, turnId, update) });
    },
    /** What a relay message changes in the conversation (see `applyServerMessage`). */
    serverMessage(m: ServerMessage): void {
      set((s) => applyServerMessage(s, m));
    },
    /** Replaces the traces (a session timeline imported from a file). */
    importTraces(traces: TurnTrace[], clock: ClockEstimate | null): void {
      set({ traces, clock });
    },
    recordNetwork(sample: NetworkSample): void {
      set({ network: [...store.getState().network, sample].slice(-300) });
    },
    /** Creates or updates the entry of `role` for `turnId`. */
    upsertEntry(
      role: ChatEntry['role'],
      turnId: number,
      update: (e: ChatEntry) => ChatEntry,
    ): void {
      set({ entries: upsertEntry(store.getState().entries, role, turnId, update) });
    },
    removeEntry(role: ChatEntry['role'], turnId: number): void {
      set({ entries: removeEntry(store.getState().entries, role, turnId) });
    },
    recordFigures(turnId: number, update: Partial<TurnFigures>): void {
      set({ figures: mergeFigures(store.getState().figures, turnId, update) });
    },
    /** A new conversation (perhaps with another relay): timing traces and clock start over. */
    newTimeline(): void {
      clockEstimator = new ClockOffsetEstimator();
      set({ traces: [], clock: null, network: [], roundTrips: [] });
    },
    setUplink(uplink: UplinkState | null): void {
      set({ uplink });
    },
    /**
     * Whether the relay answered its health check. Answering, it ends the "unreachable" of a
     * start that found no relay: nothing is connected, and a conversation can start (the header,
     * its state and the relay notice then agree).
     */
    setRelayReachable(relayReachable: boolean): void {
      const stale = relayReachable && store.getState().connection === 'unreachable';
      set(
        stale ? { relayReachable, connection: 'idle', connectionDetail: null } : { relayReachable },
      );
    },
    setStartRetry(startRetry: AppState['startRetry']): void {
      set({ startRetry });
    },
    setMicBlocked(micBlocked: AppState['micBlocked']): void {
      set({ micBlocked });
    },
    setSpeakReplies(speakReplies: boolean): void {
      try {
        localStorage.setItem(SPEAK_REPLIES_KEY, speakReplies ? '1' : '0');
      } catch {
        // Private mode without storage: remembered for this page only.
      }
      set({ speakReplies });
    },
    /** The next connection continues `sessionId`, whose turns replace the transcript. */
    continueConversation(continuing: AppState['continuing'], entries: ChatEntry[]): void {
      set({ continuing, entries, sessionCostMicros: 0, notice: null });
    },
    /**
     * A new conversation: the transcript, the session's cost and what was said of its last turn
     * start over, and the next connection opens a new session (not a past one). Its caller ends
     * what is open first (`Call.newConversation`).
     */
    newConversation(): void {
      clockEstimator = new ClockOffsetEstimator();
      set({
        entries: [],
        continuing: null,
        sessionId: null,
        sessionCostMicros: 0,
        llmFallback: null,
        notice: null,
        figures: [],
        traces: [],
        clock: null,
        network: [],
        roundTrips: [],
      });
    },
    setContinuing(continuing: AppState['continuing']): void {
      set({ continuing });
    },
    setSessionId(sessionId: string | null): void {
      set({ sessionId });
    },
    reset(): void {
      clockEstimator = new ClockOffsetEstimator();
      set({ ...first });
    },
  };
  return { store, actions };
}

/** A store and its actions (see {@link createAppStore}). */
export type AppStore = ReturnType<typeof createAppStore>;
/** What changes the app's state (see {@link createAppStore}). */
export type AppActions = AppStore['actions'];

/** The page's store. */
export const appStore = createAppStore();
/** The page's state, read outside React. */
export const store = appStore.store;
/** The page's actions. */
export const actions = appStore.actions;

/** React binding: `useApp((s) => s.call)`. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(store, selector);
}
