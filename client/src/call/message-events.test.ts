import type { ServerMessage } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { projectMessage } from './message-events.ts';

const providers = {
  asr: { id: 'a', label: 'A' },
  llm: { id: 'l', label: 'L' },
  tts: { id: 't', label: 'T' },
};

describe('projectMessage', () => {
  it('tells the words heard so far of a turn as `partial`', () => {
    expect(projectMessage({ type: 'transcript.partial', turnId: 3, text: 'what is' })).toEqual({
      event: 'partial',
      payload: { turnId: 3, text: 'what is' },
    });
  });

  it('tells a spoken turn’s final words as `transcript`, final and not typed', () => {
    expect(
      projectMessage({ type: 'transcript.final', seq: 1, turnId: 3, text: 'what is up' }),
    ).toEqual({
      event: 'transcript',
      payload: { turnId: 3, text: 'what is up', final: true, typed: false },
    });
  });

  it('tells the reply: a delta, what was heard of a cut one, its end with status and text', () => {
    expect(projectMessage({ type: 'reply.delta', seq: 2, turnId: 4, text: 'Hel' })).toEqual({
      event: 'reply',
      payload: { kind: 'delta', turnId: 4, text: 'Hel' },
    });
    expect(
      projectMessage({ type: 'reply.truncated', seq: 3, turnId: 4, heard: 'Hello th' }),
    ).toEqual({
      event: 'reply',
      payload: { kind: 'truncated', turnId: 4, heard: 'Hello th' },
    });
    const done: ServerMessage = {
      type: 'turn.done',
      seq: 4,
      turnId: 4,
      status: 'completed',
      reply: 'Hello there.',
      audioSamples: 16_000,
      timings: {},
    };
    expect(projectMessage(done)).toEqual({
      event: 'reply',
      payload: { kind: 'done', turnId: 4, status: 'completed', text: 'Hello there.' },
    });
  });

  it('tells each tool message as `tool`, the message itself', () => {
    const tools: ServerMessage[] = [
      {
        type: 'tool.call',
        seq: 1,
        turnId: 5,
        callId: 'c1',
        name: 'add_note',
        arguments: '{}',
        startedAtMs: 1,
      },
      {
        type: 'tool.result',
        seq: 2,
        turnId: 5,
        callId: 'c1',
        name: 'add_note',
        status: 'done',
        summary: 'Noted.',
        startedAtMs: 1,
        endedAtMs: 2,
      },
      {
        type: 'tool.confirm',
        seq: 3,
        turnId: 5,
        confirmId: 'q1',
        calls: [{ callId: 'c2', name: 'delete_note', arguments: '{}', action: 'Delete it' }],
        question: 'Delete the note?',
      },
      { type: 'tool.closed', confirmId: 'q1', outcome: 'answered' },
      { type: 'tool.progress', seq: 4, turnId: 5, names: ['search'], progress: 'earcon', atMs: 3 },
    ];
    expect(tools.map(projectMessage)).toEqual(tools.map((m) => ({ event: 'tool', payload: m })));
  });

  it('tells new providers as `session` `providers`', () => {
    expect(projectMessage({ type: 'providers.changed', providers })).toEqual({
      event: 'session',
      payload: { kind: 'providers', providers },
    });
  });

  it('projects nothing of the rest (they come as `message` only), a relay error included', () => {
    const rest: ServerMessage[] = [
      { type: 'ack', seq: 3 },
      { type: 'cost', turnMicros: 1, sessionMicros: 2, userDayMicros: 3 },
      { type: 'error', code: 'internal', message: 'Oops', retryable: true },
      { type: 'call.ended', reason: 'silence', message: 'Bye' },
    ];
    expect(rest.map(projectMessage)).toEqual([null, null, null, null]);
  });
});
