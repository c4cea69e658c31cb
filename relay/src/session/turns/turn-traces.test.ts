import { describe, expect, it } from 'vitest';
import type {
  SpanAttributes,
  StageSpan,
  Tracing,
  TurnTraceStart,
} from '../../observability/tracing/turn-trace.ts';
import { TurnTraces } from './turn-traces.ts';

/** What a fake tracing was told: each span's name, start, end and outcome. */
interface Told {
  name: string;
  turnId: number;
  startMs: number | undefined;
  endMs?: number | undefined;
  failure?: string | undefined;
  outcome?: string;
}

function fakeTracing(): { tracing: Tracing; told: Told[] } {
  const told: Told[] = [];
  const span = (t: Told): StageSpan => ({
    traceparent: `tp-${t.name}`,
    set: () => undefined,
    event: () => undefined,
    end: (atMs, failure) => {
      if (t.endMs !== undefined) return;
      t.endMs = atMs;
      t.failure = failure;
    },
  });
  const tracing: Tracing = {
    startTurn: (start: TurnTraceStart) => {
      const turn: Told = { name: 'turn', turnId: start.turnId, startMs: start.startMs };
      told.push(turn);
      return {
        traceId: start.traceId,
        stage: (name: string, _a?: SpanAttributes, startMs?: number) => {
          const t: Told = { name, turnId: start.turnId, startMs };
          told.push(t);
          return span(t);
        },
        end: (outcome, _a, atMs) => {
          if (turn.outcome !== undefined) return;
          turn.outcome = outcome;
          turn.endMs = atMs;
        },
      };
    },
    shutdown: () => Promise.resolve(),
  };
  return { tracing, told };
}

describe('TurnTraces', () => {
  it('opens a spoken turn with its recognition span from the same moment', () => {
    const { tracing, told } = fakeTracing();
    let now = 1000;
    const traces = new TurnTraces(tracing, 's', () => now);
    const traced = traces.open(1, 'a'.repeat(32), 'spoken');
    expect(traced.recognition?.traceparent).toBe('tp-recognition');
    expect(traces.open(2, 'b'.repeat(32), 'typed').recognition).toBeUndefined();
    now = 1500;
    traces.end(1, 'cancelled');
    expect(told.filter((t) => t.turnId === 1)).toEqual([
      { name: 'turn', turnId: 1, startMs: 1000, endMs: 1500, outcome: 'cancelled' },
      { name: 'recognition', turnId: 1, startMs: 1000, endMs: 1500, failure: undefined },
    ]);
    expect(traces.of(1)).toBeUndefined();
    expect(traces.of(2)).toBeDefined();
  });

  it('ends a turn once: a later end (the crash guard) changes nothing', () => {
    const { tracing, told } = fakeTracing();
    const traces = new TurnTraces(tracing, 's', () => 0);
    traces.open(1, 'a', 'typed');
    traces.end(1, 'completed');
    traces.end(1, 'crashed');
    expect(told[0]?.outcome).toBe('completed');
  });

  it('gives up the oldest beyond 16 open turns, and every open one when the session closes', () => {
    const { tracing, told } = fakeTracing();
    const traces = new TurnTraces(tracing, 's', () => 0);
    for (let turnId = 0; turnId < 18; turnId++) traces.open(turnId, 'a', 'typed');
    const ended = () => told.filter((t) => t.outcome !== undefined);
    expect(ended().map((t) => [t.turnId, t.outcome])).toEqual([
      [0, 'abandoned'],
      [1, 'abandoned'],
    ]);
    traces.close();
    expect(ended()).toHaveLength(18);
    expect(ended().at(-1)?.outcome).toBe('closed');
  });
});
