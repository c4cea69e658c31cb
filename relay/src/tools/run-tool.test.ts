import { describe, expect, it } from 'vitest';
import { RelayError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { runTool, type ToolRunLimits } from './run-tool.ts';
import type { Tool, ToolResult } from './tool.ts';

const toolDoing = (run: () => Promise<ToolResult>): Tool => ({
  name: 't',
  description: 't',
  inputSchema: { type: 'object' },
  origin: { kind: 'builtin' },
  readOnly: true,
  run,
});

function limits(turn = new AbortController(), budget = new AbortController()): ToolRunLimits {
  return {
    context: {
      userId: 'u',
      sessionId: 's',
      signal: AbortSignal.any([turn.signal, budget.signal]),
      now: Date.now,
    },
    turnSignal: turn.signal,
    budgetSignal: budget.signal,
    budgetMs: 2_500,
    log: logger('test:tools'),
  };
}

describe('runTool', () => {
  it('passes a result on, its failure in its own terms as failed, long texts cut', async () => {
    const long = 'x'.repeat(20_000);
    expect(
      await runTool(
        toolDoing(() => Promise.resolve({ content: long, summary: long })),
        {},
        limits(),
      ),
    ).toMatchObject({ status: 'done', result: { content: `${'x'.repeat(16_000)}…` } });
    expect(
      await runTool(
        toolDoing(() =>
          Promise.resolve({ content: 'No such list.', summary: 'no list', isError: true }),
        ),
        {},
        limits(),
      ),
    ).toMatchObject({ status: 'failed', result: { content: 'No such list.' } });
  });

  it('turns a rejection into words: a RelayError’s own, anything else none of its details', async () => {
    const typed = await runTool(
      toolDoing(() => Promise.reject(RelayError.notFound('That note does not exist.'))),
      {},
      limits(),
    );
    expect(typed).toEqual({
      status: 'failed',
      result: {
        content: 'The tool failed: That note does not exist.',
        summary: 'That note does not exist.',
        isError: true,
      },
    });
    const bug = await runTool(
      toolDoing(() => Promise.reject(new TypeError('x is undefined'))),
      {},
      limits(),
    );
    expect(bug.result.content).toBe('The tool failed unexpectedly.');
  });

  it('leaves behind a tool that ignores its signal: cancelled or timed out, said so', async () => {
    const never = toolDoing(() => new Promise<ToolResult>(() => undefined));
    const turn = new AbortController();
    const cancelled = runTool(never, {}, limits(turn));
    turn.abort(new Error('interrupted'));
    expect(await cancelled).toMatchObject({ status: 'cancelled' });
    const budget = new AbortController();
    const timedOut = runTool(never, {}, limits(new AbortController(), budget));
    budget.abort(new Error('spent'));
    expect(await timedOut).toMatchObject({
      status: 'timed-out',
      result: { content: 'The tool did not answer within 2.5 s and was stopped.' },
    });
  });
});
