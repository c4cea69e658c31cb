import { describe, expect, it } from 'vitest';
import { QuestionWatch } from '@parley/client/internal';
import type { ServerMessage, ToolCallStatus, TurnToolCall } from '@parley/shared';
import { applyServerMessage, EMPTY_CONVERSATION } from './conversation.ts';
import { confirmAwaited, questionOpen } from './tool-calls.ts';
import type { ConversationState } from './types.ts';

// The relay's messages of turn 1, each a function of its seq; `heard` applies them in order.
type Said = (seq: number) => ServerMessage;

const call =
  (callId: string, name: string, args: string, startedAtMs: number): Said =>
  (seq) => ({ type: 'tool.call', seq, turnId: 1, callId, name, arguments: args, startedAtMs });

const result =
  (
    callId: string,
    name: string,
    status: ToolCallStatus,
    summary: string,
    from: number,
    to: number,
  ): Said =>
  (seq) => ({
    type: 'tool.result',
    seq,
    turnId: 1,
    callId,
    name,
    status,
    summary,
    startedAtMs: from,
    endedAtMs: to,
  });

const words =
  (text: string): Said =>
  (seq) => ({ type: 'reply.delta', seq, turnId: 1, text });

const done =
  (toolCalls?: TurnToolCall[]): Said =>
  (seq) => ({
    type: 'turn.done',
    seq,
    turnId: 1,
    status: 'completed',
    reply: 'It is 6912.',
    audioSamples: 0,
    timings: {},
    ...(toolCalls ? { toolCalls } : {}),
  });

function heard(said: Said[], from: ConversationState = EMPTY_CONVERSATION): ConversationState {
  return said.reduce((s, m, i) => applyServerMessage(s, m(100 + i)), from);
}

/** Each call of turn 1's reply as the bubble shows it. */
function callsOf(s: ConversationState): string[] {
  return (s.entries.find((e) => e.key === 'assistant-1')?.tools ?? []).map(
    (c) =>
      `${c.name}(${c.arguments}) ${c.status}${c.summary === undefined ? '' : `: ${c.summary}`}` +
      (c.endedAtMs === undefined ? '' : ` in ${String(c.endedAtMs - c.startedAtMs)} ms`),
  );
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
    const running = heard([call('c1', 'get-sum', '{"a":1234,"b":5678}', 1_000)]);
    expect(callsOf(running)).toEqual(['get-sum({"a":1234,"b":5678}) running']);
    const ended = heard(
      [
        call('c2', 'nope', '{}', 1_010),
        result('c2', 'nope', 'unknown-tool', 'not run: no such tool', 1_010, 1_010),
        result('c1', 'get-sum', 'done', '6912', 1_000, 1_180),
        words('It is 6912.'),
      ],
      running,
    );
    expect(callsOf(ended)).toEqual([
      'get-sum({"a":1234,"b":5678}) done: 6912 in 180 ms',
      'nope({}) unknown-tool: not run: no such tool in 0 ms',
    ]);
    // turn.done's record is what happened, and its spans go to the turn's trace (the waterfall).
    const recorded = heard([done([sum])], ended);
    expect(callsOf(recorded)).toEqual(['get-sum({"a":1234,"b":5678}) done: 6912 in 180 ms']);
    expect(recorded.traces[0]?.toolCalls).toEqual([sum]);
    expect(recorded.entries.find((e) => e.key === 'assistant-1')?.text).toBe('It is 6912.');
  });

  it('shows the calls of a turn whose live messages were missed (a reload, a resume), from turn.done', () => {
    expect(callsOf(heard([done([sum])]))).toEqual([
      'get-sum({"a":1234,"b":5678}) done: 6912 in 180 ms',
    ]);
  });

  it('shows a result whose call was missed, and keeps what it knew of a call told twice', () => {
    expect(callsOf(heard([result('c1', 'get-sum', 'failed', 'server down', 5, 9)]))).toEqual([
      'get-sum() failed: server down in 4 ms',
    ]);
    const twice = heard([call('c1', 'a', '{"x":1}', 1), call('c1', 'a', '{"x":1}', 1)]);
    expect(callsOf(twice)).toEqual(['a({"x":1}) running']);
  });

  it('offers a confirmation until it is answered or the user says something else', () => {
    // The question is the reply's words; the buttons come with tool.confirm.
    const s = heard([
      words('Shall I save that note?'),
      (seq) => ({
        type: 'tool.confirm',
        seq,
        turnId: 1,
        confirmId: 'k1',
        calls: [
          {
            callId: 'c1',
            name: 'save_note',
            arguments: '{"text":"milk"}',
            action: "remember that 'milk'",
          },
        ],
        question: 'Shall I save that note?',
      }),
    ]);
    const entry = s.entries.find((e) => e.key === 'assistant-1');
    const confirm = entry?.confirm;
    if (!entry || !confirm) throw new Error('no confirmation shown');
    expect(confirm).toMatchObject({ confirmId: 'k1', question: 'Shall I save that note?' });
    expect(confirmAwaited(s.entries, entry)).toBe(true);
    const answered = { ...entry, confirm: { ...confirm, answer: 'confirmed' as const } };
    expect(confirmAwaited(s.entries, answered)).toBe(false);
    const later = applyServerMessage(s, {
      type: 'transcript.final',
      seq: 10,
      turnId: 2,
      text: 'no',
    });
    expect(confirmAwaited(later.entries, entry)).toBe(false);
  });

  it('takes the buttons away when the relay closes the question (issue 60: expired, withdrawn)', () => {
    const asked = heard([
      (seq) => ({
        type: 'tool.confirm',
        seq,
        turnId: 1,
        confirmId: 'k1',
        calls: [{ callId: 'c1', name: 'delete_note', arguments: '{"id":"n1"}', action: 'forget' }],
        question: 'Shall I forget?',
      }),
    ]);
    const closed = applyServerMessage(asked, {
      type: 'tool.closed',
      confirmId: 'k1',
      outcome: 'expired',
    });
    const entry = closed.entries.find((e) => e.key === 'assistant-1');
    if (!entry) throw new Error('no reply');
    expect(entry.confirm?.closed).toBe('expired');
    expect(confirmAwaited(closed.entries, entry)).toBe(false);
    // What the call's end of turn waits on (a lone yes holds while a question is open).
    expect(questionOpen(asked.entries)).toBe(true);
    expect(questionOpen(closed.entries)).toBe(false);
    expect(questionOpen([])).toBe(false);
    // Another question's closing leaves this one alone.
    const other = applyServerMessage(asked, {
      type: 'tool.closed',
      confirmId: 'k2',
      outcome: 'withdrawn',
    });
    const open = other.entries.find((e) => e.key === 'assistant-1');
    expect(open && confirmAwaited(other.entries, open)).toBe(true);
  });
});

describe('the package’s QuestionWatch and the app’s questionOpen', () => {
  // An embedder's call (createParleyCall) keeps the question itself; the app's call reads its
  // transcript. Both must say the same of the same messages.
  const confirm = (turnId: number, confirmId: string): ServerMessage => ({
    type: 'tool.confirm',
    seq: 1,
    turnId,
    confirmId,
    calls: [{ callId: 'c1', name: 'delete_note', arguments: '{"id":"n1"}', action: 'forget' }],
    question: 'Shall I forget?',
  });
  const closed = (confirmId: string): ServerMessage => ({
    type: 'tool.closed',
    confirmId,
    outcome: 'expired',
  });
  const cases: [string, ServerMessage[]][] = [
    ['nothing asked', []],
    ['a question asked', [confirm(1, 'k1')]],
    ['asked, then closed', [confirm(1, 'k1'), closed('k1')]],
    ['asked, another closed', [confirm(1, 'k1'), closed('k2')]],
    [
      'asked, then its turn goes on',
      [confirm(1, 'k1'), { type: 'reply.delta', seq: 2, turnId: 1, text: 'Say yes or no.' }],
    ],
    [
      'asked, then a later turn',
      [confirm(1, 'k1'), { type: 'transcript.final', seq: 3, turnId: 2, text: 'no' }],
    ],
    ['asked again in a later turn', [confirm(1, 'k1'), confirm(2, 'k2')]],
  ];

  it.each(cases)('%s', (_, messages) => {
    const app = messages.reduce<ConversationState>(applyServerMessage, EMPTY_CONVERSATION);
    const watch = new QuestionWatch();
    for (const m of messages) watch.message(m);
    expect(watch.open).toBe(questionOpen(app.entries));
  });

  it('holds a question open in at least one case (the comparison can fail)', () => {
    const watch = new QuestionWatch();
    watch.message(confirm(1, 'k1'));
    expect(watch.open).toBe(true);
  });
});
