import type { ToolTurnEvent } from '@parley/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../log/logger.ts';
import type { Tool, ToolContext } from '../tools/tool.ts';
import { TurnTools, type ToolsTurn } from './turn-tools.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A tool that answers when `release` is called, or never; it counts its runs. */
function tool(name: string, readOnly = true) {
  const contexts: ToolContext[] = [];
  let release: () => void = () => undefined;
  const t: Tool = {
    name,
    description: name,
    inputSchema: { type: 'object', properties: {} },
    origin: { kind: 'builtin' },
    readOnly,
    run: (_args, context) => {
      contexts.push(context);
      return new Promise((resolve) => (release = () => resolve({ content: 'ok', summary: 'ok' })));
    },
  };
  return { tool: t, contexts, release: () => release() };
}

function turn(extra: Partial<ToolsTurn> = {}) {
  const events: ToolTurnEvent[] = [];
  const controller = new AbortController();
  const t: ToolsTurn = {
    turnId: 1,
    output: {
      transcript: () => undefined,
      replyDelta: () => undefined,
      segment: () => undefined,
      audio: () => undefined,
      error: () => undefined,
      tool: (e) => events.push(e),
    },
    signal: controller.signal,
    log: logger('test:tools'),
    now: () => Date.now(),
    ...extra,
  };
  return { turn: t, events, controller };
}

const limits = {
  userId: 'u',
  sessionId: 's',
  maxRounds: 5,
  maxCallsPerRound: 10,
  budgetMs: 15_000,
};
const call = (name: string, id = `c-${name}`) => ({ id, name, arguments: '{}' });

describe('TurnTools', () => {
  it('stops a call still running when the turn’s tool time is spent, and offers no tools after', async () => {
    const slow = tool('slow');
    const { turn: t } = turn();
    const tools = new TurnTools(t, [slow.tool], limits);
    expect(tools.offered(0).map((s) => s.name)).toEqual(['slow']);
    const round = tools.round([call('slow')], true);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(slow.contexts[0]?.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const outcome = await round;
    expect(slow.contexts[0]?.signal.aborted).toBe(true);
    expect(outcome.results).toEqual([
      {
        role: 'tool',
        callId: 'c-slow',
        name: 'slow',
        content: 'The tool did not answer within 15 s and was stopped.',
        isError: true,
      },
    ]);
    expect(tools.calls.map((c) => [c.status, c.endedAtMs - c.startedAtMs])).toEqual([
      ['timed-out', 15_000],
    ]);
    expect(tools.offered(1)).toEqual([]);
  });

  it('gives a later round what is left of the time', async () => {
    const quick = tool('quick');
    const slow = tool('slow');
    const tools = new TurnTools(turn().turn, [quick.tool, slow.tool], limits);
    const first = tools.round([call('quick')], true);
    await vi.advanceTimersByTimeAsync(10_000);
    quick.release();
    await first;
    const second = tools.round([call('slow')], true);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(slow.contexts[0]?.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await second;
    expect(tools.calls.map((c) => c.status)).toEqual(['done', 'timed-out']);
  });

  it('offers no tools past its rounds', () => {
    const tools = new TurnTools(turn().turn, [tool('a').tool], { ...limits, maxRounds: 2 });
    expect([0, 1, 2].map((r) => tools.offered(r).length)).toEqual([1, 1, 0]);
  });

  it('asks about a tool that changes something instead of running it', async () => {
    const write = tool('write', false);
    const { turn: t, events } = turn();
    const outcome = await new TurnTools(t, [write.tool], limits).round([call('write')], true);
    expect(write.contexts).toHaveLength(0);
    expect(outcome.results).toEqual([]);
    expect(outcome.asked?.question).toBe('Shall I use write?');
    expect(events.map((e) => e.type === 'tool.result' && e.status)).toEqual([false, 'asked']);
  });

  it('runs a confirmed tool that changes something only once a speculative answer is released', async () => {
    const write = tool('write', false);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const tools = new TurnTools(
      turn({ speculative: { usageSeq: 1000, released } }).turn,
      [write.tool],
      limits,
    );
    const settled = tools.settle([{ call: call('write'), tool: write.tool, args: {} }], true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(write.contexts).toHaveLength(0);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(write.contexts).toHaveLength(1);
    write.release();
    expect(await settled).toMatchObject([{ role: 'tool', content: 'ok' }]);
  });

  it('never runs it from a speculation that is dropped', async () => {
    const write = tool('write', false);
    const { turn: t, controller } = turn({
      speculative: { usageSeq: 1000, released: new Promise<void>(() => undefined) },
    });
    const tools = new TurnTools(t, [write.tool], limits);
    const settled = tools.settle([{ call: call('write'), tool: write.tool, args: {} }], true);
    settled.catch(() => undefined);
    controller.abort(new Error('dropped'));
    await expect(settled).rejects.toThrow('dropped');
    expect(write.contexts).toHaveLength(0);
  });

  it('declines what the user did not confirm, with words for the model', async () => {
    const write = tool('write', false);
    const tools = new TurnTools(turn().turn, [write.tool], limits);
    const asked = [{ call: call('write'), tool: write.tool, args: {} }];
    expect(await tools.settle(asked, false)).toMatchObject([
      { content: 'The user said no: it was not done.', isError: true },
    ]);
    expect(await tools.settle(asked, null)).toMatchObject([
      { content: 'The user did not confirm it: it was not done.', isError: true },
    ]);
    expect(write.contexts).toHaveLength(0);
    expect(tools.calls.map((c) => c.status)).toEqual(['declined', 'declined']);
  });

  it('records the tools a provider runs itself: announced, ended as they ended, kept in order', async () => {
    const { turn: t, events } = turn();
    const tools = new TurnTools(t, [], limits);
    const ran = await tools.ranItself('current_time', {}, () =>
      Promise.resolve({ content: '{}', summary: '12:04' }),
    );
    expect(ran).toEqual({ content: '{}', summary: '12:04' });
    await tools.ranItself('save_note', { text: 'x' }, () => Promise.resolve(null));
    await expect(
      tools.ranItself('calculate', { expression: '1/' }, () => Promise.reject(new Error('bad'))),
    ).rejects.toThrow('bad');
    expect(
      events.map((e) => (e.type === 'tool.result' ? `${e.name} ${e.status}` : e.type)),
    ).toEqual([
      'tool.call',
      'current_time done',
      'tool.call',
      'save_note unknown-tool',
      'tool.call',
      'calculate failed',
    ]);
    expect(tools.calls.map((c) => [c.name, c.arguments, c.summary])).toEqual([
      ['current_time', '{}', '12:04'],
      ['save_note', '{"text":"x"}', 'not run: no such tool'],
      ['calculate', '{"expression":"1/"}', 'Error: bad'],
    ]);
  });
});
