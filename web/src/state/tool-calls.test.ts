import { describe, expect, it } from 'vitest';
import type { ServerMessage, ToolCallStatus, TurnToolCall } from '@parley/shared';
import { applyServerMessage } from './conversation.ts';
import { confirmAwaited } from './tool-calls.ts';
import type { ConversationState } from './types.ts';

const empty: ConversationState = {
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

/** The relay's tool messages of turn 1, in order; `calls` shows each call as the bubble does. */
function turn(state: ConversationState = empty) {
  let s = state;
  let seq = 0;
  const apply = (m: ServerMessage) => {
    s = applyServerMessage(s, m);
    return api;
  };
  const api = {
    get state() {
      return s;
    },
    get calls() {
      return (s.entries.find((e) => e.key === 'assistant-1')?.tools ?? []).map(
        (c) =>
          `${c.name}(${c.arguments}) ${c.status}${c.summary === undefined ? '' : `: ${c.summary}`}` +
          (c.endedAtMs === undefined ? '' : ` in ${String(c.endedAtMs - c.startedAtMs)} ms`),
      );
    },
    starts: (callId: string, name: string, args: string, at: number) =>
      apply({
        type: 'tool.call',
        seq: seq++,
        turnId: 1,
        callId,
        name,
        arguments: args,
        startedAtMs: at,
      }),
    ends: (
      callId: string,
      name: string,
      status: ToolCallStatus,
      summary: string,
      from: number,
      to: number,
    ) =>
      apply({
        type: 'tool.result',
        seq: seq++,
        turnId: 1,
        callId,
        name,
        status,
        summary,
        startedAtMs: from,
        endedAtMs: to,
      }),
    says: (text: string) => apply({ type: 'reply.delta', seq: seq++, turnId: 1, text }),
    done: (toolCalls?: TurnToolCall[], turnId = 1) =>
      apply({
        type: 'turn.done',
        seq: seq++,
        turnId,
        status: 'completed',
        reply: 'It is 6912.',
        audioSamples: 0,
        timings: {},
        ...(toolCalls ? { toolCalls } : {}),
      }),
  };
  return api;
}

const sum: TurnToolCall = {
  callId: 'c1',
  name: 'get-sum',
  arguments: '{"a":1234,"b":5678}',
  status: 'done',
  summary: '6912',
  startedAtMs: 1_000,
  endedAtMs: 1_180,
};

describe('the tool calls a reply shows', () => {
  it('shows a call running as it starts, then how it ended, what it gave and how long it took', () => {
    const t = turn().starts('c1', 'get-sum', '{"a":1234,"b":5678}', 1_000);
    expect(t.calls).toEqual(['get-sum({"a":1234,"b":5678}) running']);
    t.starts('c2', 'nope', '{}', 1_010).ends(
      'c2',
      'nope',
      'unknown-tool',
      'not run: no such tool',
      1_010,
      1_010,
    );
    t.ends('c1', 'get-sum', 'done', '6912', 1_000, 1_180).says('It is 6912.');
    expect(t.calls).toEqual([
      'get-sum({"a":1234,"b":5678}) done: 6912 in 180 ms',
      'nope({}) unknown-tool: not run: no such tool in 0 ms',
    ]);
    // turn.done's record agrees, and its spans go to the turn's trace (the waterfall's rows).
    t.done([sum]);
    expect(t.calls).toEqual(['get-sum({"a":1234,"b":5678}) done: 6912 in 180 ms']);
    expect(t.state.traces[0]?.toolCalls).toEqual([sum]);
    expect(t.state.entries.find((e) => e.key === 'assistant-1')?.text).toBe('It is 6912.');
  });

  it('shows the calls of a turn whose live messages were missed (a reload, a resume), from turn.done', () => {
    expect(turn().done([sum]).calls).toEqual(['get-sum({"a":1234,"b":5678}) done: 6912 in 180 ms']);
  });

  it('shows a result whose call was missed, and keeps what it knew of a call told twice', () => {
    const t = turn().ends('c1', 'get-sum', 'failed', 'server down', 5, 9);
    expect(t.calls).toEqual(['get-sum() failed: server down in 4 ms']);
    const twice = turn().starts('c1', 'a', '{"x":1}', 1).starts('c1', 'a', '{"x":1}', 1);
    expect(twice.calls).toEqual(['a({"x":1}) running']);
  });

  it('offers a confirmation until it is answered or the user says something else', () => {
    // The question is the reply's words; the buttons come with tool.confirm.
    const asked = turn().says('Shall I save that note?');
    const s = applyServerMessage(asked.state, {
      type: 'tool.confirm',
      seq: 9,
      turnId: 1,
      confirmId: 'k1',
      calls: [{ callId: 'c1', name: 'save_note', arguments: '{"text":"milk"}' }],
      question: 'Shall I save that note?',
    });
    const entry = s.entries.find((e) => e.key === 'assistant-1');
    expect(entry?.confirm).toMatchObject({ confirmId: 'k1', question: 'Shall I save that note?' });
    expect(entry && confirmAwaited(s.entries, entry)).toBe(true);
    const answered = entry && {
      ...entry,
      confirm: { ...entry.confirm!, answer: 'confirmed' as const },
    };
    expect(answered && confirmAwaited(s.entries, answered)).toBe(false);
    const later = applyServerMessage(s, {
      type: 'transcript.final',
      seq: 10,
      turnId: 2,
      text: 'no',
    });
    expect(entry && confirmAwaited(later.entries, entry)).toBe(false);
  });
});
