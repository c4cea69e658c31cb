import type { ServerMessage } from '@parley/shared';
import { confirmAsked, confirmClosed, toolCalled, toolEnded, toolsRecorded } from './tool-calls.ts';
import { describeFailure, STAND_IN_FAILURE } from './turn-failure.ts';
import type { ChatEntry, ConversationState, TurnFigures, TurnTrace, TraceUpdate } from './types.ts';

/** A conversation before the relay said anything: no turns, no costs, no notice. */
export const EMPTY_CONVERSATION: ConversationState = {
  entries: [],
  notice: null,
  typingSuggested: false,
  sessionCostMicros: 0,
  userDayCostMicros: 0,
  traces: [],
  figures: [],
  providers: null,
  llmFallback: null,
  toolsVersion: 0,
  ringing: null,
};

/**
 * The conversation as the page shows it, pure: what the relay says goes in, the next state comes
 * out. Entries (one user and one assistant bubble per turn), the notice, the running cost and
 * each turn's timing trace and figures. No DOM, no store: the call applies the result.
 */
export function applyServerMessage(s: ConversationState, m: ServerMessage): ConversationState {
  switch (m.type) {
    case 'transcript.final':
      if (!m.text) return { ...s, entries: removeEntry(s.entries, 'user', m.turnId) };
      return {
        ...s,
        traces: mergeTrace(s.traces, m.turnId, { text: m.text }),
        entries: upsertEntry(s.entries, 'user', m.turnId, (e) => ({
          ...e,
          text: m.text,
          final: true,
        })),
      };
    case 'transcript.partial':
      // No words yet (the recogniser telling how far it has read): nothing to show.
      if (m.text === '') return s;
      return {
        ...s,
        entries: upsertEntry(s.entries, 'user', m.turnId, (e) => ({ ...e, text: m.text })),
      };
    case 'reply.delta':
      return {
        ...s,
        entries: upsertEntry(s.entries, 'assistant', m.turnId, (e) => ({
          ...e,
          text: e.text + m.text,
        })),
      };
    case 'reply.truncated':
      // Only what the user heard stays, here as in the relay's history.
      return {
        ...s,
        entries: upsertEntry(s.entries, 'assistant', m.turnId, (e) => ({
          ...e,
          text: m.heard,
          final: true,
          status: 'interrupted',
        })),
      };
    case 'turn.done':
      // The turn may have set a reminder or saved a note.
      return { ...turnDone(s, m), toolsVersion: s.toolsVersion + 1 };
    case 'error': {
      const next = {
        ...s,
        notice: m.message,
        typingSuggested: s.typingSuggested || m.code === 'asr-failed',
      };
      if (m.turnId === undefined) return next;
      // Kept with the turn: if it ends failed, its bubble says what failed.
      const error = { code: m.code, message: m.message, retryable: m.retryable };
      return {
        ...next,
        entries: upsertEntry(s.entries, 'assistant', m.turnId, (e) => ({ ...e, error })),
      };
    }
    case 'cost': {
      const next = { ...s, sessionCostMicros: m.sessionMicros, userDayCostMicros: m.userDayMicros };
      if (m.turnId === undefined) return next;
      return {
        ...next,
        figures: mergeFigures(s.figures, m.turnId, { costMicros: m.turnMicros }),
        traces: mergeTrace(s.traces, m.turnId, { costMicros: m.turnMicros }),
      };
    }
    case 'budget.warning':
    case 'session.warning':
    case 'call.ended':
      return { ...s, notice: m.message };
    case 'reminder.due':
      // Rung and said aloud by the link's bell; shown until the user dismisses it.
      return { ...s, ringing: m.reminder, toolsVersion: s.toolsVersion + 1 };
    case 'providers.changed':
      // New chains: what the last one did says nothing of them.
      return { ...s, providers: m.providers, llmFallback: null };
    case 'tool.call':
      return {
        ...s,
        entries: upsertEntry(s.entries, 'assistant', m.turnId, (e) => toolCalled(e, m)),
      };
    case 'tool.result':
      return {
        ...s,
        entries: upsertEntry(s.entries, 'assistant', m.turnId, (e) => toolEnded(e, m)),
      };
    case 'tool.confirm':
      return {
        ...s,
        entries: upsertEntry(s.entries, 'assistant', m.turnId, (e) => confirmAsked(e, m)),
      };
    case 'tool.closed':
      return { ...s, entries: s.entries.map((e) => confirmClosed(e, m)) };
    case 'tool.progress':
      // Heard, not shown: the relay says its line, or the link plays the earcon.
      return s;
    case 'reply.segment':
    case 'pong':
    case 'ready':
    case 'ack':
      return s;
  }
}

/**
 * What the page says of the language model after a turn: the fallback it reports, or none once
 * a turn was answered by the chain's first provider (its own `servedBy`, with no fallback); a
 * turn with no answer (empty, cancelled) changes nothing.
 */
function fallbackAfter(
  before: ConversationState['llmFallback'],
  m: Extract<ServerMessage, { type: 'turn.done' }>,
): ConversationState['llmFallback'] {
  if (m.llmFallback) return m.llmFallback;
  return m.status === 'completed' && m.servedBy?.llm !== undefined ? null : before;
}

function turnDone(
  s: ConversationState,
  m: Extract<ServerMessage, { type: 'turn.done' }>,
): ConversationState {
  const traced: ConversationState = {
    ...s,
    llmFallback: fallbackAfter(s.llmFallback, m),
    traces: mergeTrace(s.traces, m.turnId, {
      status: m.status,
      relayTimings: m.timings,
      ...(m.marks ? { relay: m.marks } : {}),
      ...(m.servedBy ? { servedBy: m.servedBy } : {}),
      ...(m.toolCalls ? { toolCalls: m.toolCalls } : {}),
      ...(m.languageDrift ? { languageDrift: m.languageDrift } : {}),
    }),
    figures: mergeFigures(s.figures, m.turnId, { relay: m.timings }),
  };
  if (m.status === 'empty')
    return { ...traced, entries: removeEntry(traced.entries, 'user', m.turnId) };
  const recorded = m.toolCalls
    ? {
        ...traced,
        entries: upsertEntry(traced.entries, 'assistant', m.turnId, (e) =>
          toolsRecorded(e, m.toolCalls),
        ),
      }
    : traced;
  if (m.status === 'failed') return failed(recorded, m);
  if (!m.reply && m.status === 'completed') return recorded;
  // The model failed and a stand-in answered (or no one): the bubble offers the question again.
  const answeredBy = m.llmFallback?.answeredBy;
  const standIn =
    m.llmFallback !== undefined && (answeredBy === null || answeredBy?.standIn === true);
  return {
    ...recorded,
    entries: upsertEntry(recorded.entries, 'assistant', m.turnId, (e) => ({
      ...e,
      ...(standIn && m.status === 'completed' ? { failure: STAND_IN_FAILURE } : {}),
      // The words heard of an interrupted reply stay (reply.truncated said which).
      text: e.status === 'interrupted' && e.final ? e.text : m.reply || e.text,
      final: true,
      status:
        e.status === 'interrupted'
          ? 'interrupted'
          : m.status === 'cancelled' || m.status === 'failed'
            ? m.status
            : 'completed',
    })),
  };
}

/**
 * A failed turn: its reply bubble says what failed (from the turn's last error) with whatever
 * reply there was; a user bubble still waiting for its final words goes (they never came).
 */
function failed(
  s: ConversationState,
  m: Extract<ServerMessage, { type: 'turn.done' }>,
): ConversationState {
  // Words never recognised (interim ones at most) are not what the user said.
  const user = s.entries.find((e) => e.key === `user-${m.turnId}`);
  const entries = user && !user.final ? removeEntry(s.entries, 'user', m.turnId) : s.entries;
  return {
    ...s,
    entries: upsertEntry(entries, 'assistant', m.turnId, (e) => ({
      ...e,
      text: m.reply || e.text,
      final: true,
      status: e.status === 'interrupted' ? 'interrupted' : 'failed',
      failure: describeFailure(e.error),
    })),
  };
}

/** Creates or updates the entry of `role` for `turnId`. */
export function upsertEntry(
  entries: ChatEntry[],
  role: ChatEntry['role'],
  turnId: number,
  update: (e: ChatEntry) => ChatEntry,
): ChatEntry[] {
  const key = `${role}-${turnId}`;
  const index = entries.findIndex((e) => e.key === key);
  const base: ChatEntry = entries[index] ?? { key, role, turnId, text: '', final: false };
  const next = update(base);
  return index >= 0 ? entries.map((e, i) => (i === index ? next : e)) : [...entries, next];
}

export function removeEntry(
  entries: ChatEntry[],
  role: ChatEntry['role'],
  turnId: number,
): ChatEntry[] {
  const key = `${role}-${turnId}`;
  return entries.some((e) => e.key === key) ? entries.filter((e) => e.key !== key) : entries;
}

/** Traces kept per session (the latency panel's history). */
const MAX_TRACES = 200;

/** Adds to what is known of `turnId`'s timing (client marks are merged, not replaced). */
export function mergeTrace(traces: TurnTrace[], turnId: number, update: TraceUpdate): TurnTrace[] {
  const index = traces.findIndex((t) => t.turnId === turnId);
  const base: TurnTrace = traces[index] ?? { turnId, client: {} };
  const next: TurnTrace = { ...base, ...update, client: { ...base.client, ...update.client } };
  return index >= 0
    ? traces.map((t, i) => (i === index ? next : t))
    : [...traces, next].slice(-MAX_TRACES);
}

export function mergeFigures(
  figures: TurnFigures[],
  turnId: number,
  update: Partial<TurnFigures>,
): TurnFigures[] {
  const index = figures.findIndex((f) => f.turnId === turnId);
  const next: TurnFigures = { ...(figures[index] ?? { turnId, relay: {} }), ...update };
  return index >= 0
    ? figures.map((f, i) => (i === index ? next : f))
    : [...figures, next].slice(-MAX_TRACES);
}
