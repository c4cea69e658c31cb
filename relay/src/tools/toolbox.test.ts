import { describe, expect, it } from 'vitest';
import type { Tool } from './tool.ts';
import { Toolbox } from './toolbox.ts';

/** Two tools that count their runs: one only reads, one changes something. */
function tools() {
  const runs: string[] = [];
  const tool = (name: string, readOnly: boolean): Tool => ({
    name,
    description: name,
    inputSchema: { type: 'object' },
    origin: { kind: 'builtin' },
    readOnly,
    run: (_args, context) => {
      runs.push(`${name} for ${context.userId}`);
      return Promise.resolve({ content: 'done', summary: 'done' });
    },
  });
  const source = { toolsFor: () => Promise.resolve([tool('look', true), tool('change', false)]) };
  return { source, runs };
}

const context = { userId: 'alice', sessionId: 's', now: () => 0 };

describe('a turn toolbox', () => {
  it('runs the turn tools for its user, and has none of another name', async () => {
    const { source, runs } = tools();
    const box = new Toolbox(source, context);
    const signal = new AbortController().signal;
    expect(await box.run('look', {}, signal)).toEqual({ content: 'done', summary: 'done' });
    expect(await box.run('change', {}, signal)).toEqual({ content: 'done', summary: 'done' });
    expect(await box.run('missing', {}, signal)).toBeNull();
    expect(runs).toEqual(['look for alice', 'change for alice']);
  });

  it('of a speculative answer runs what changes something only once it is promoted', async () => {
    const { source, runs } = tools();
    let promote: () => void = () => undefined;
    const box = new Toolbox(source, context).until(new Promise((r) => (promote = r)));
    const signal = new AbortController().signal;
    await box.run('look', {}, signal);
    const change = box.run('change', {}, signal);
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    expect(runs).toEqual(['look for alice']);
    promote();
    await change;
    expect(runs).toEqual(['look for alice', 'change for alice']);
  });

  it('of a speculative answer that is dropped never runs what changes something', async () => {
    const { source, runs } = tools();
    const box = new Toolbox(source, context).until(new Promise(() => undefined));
    const abort = new AbortController();
    const change = box.run('change', {}, abort.signal);
    abort.abort(new Error('dropped'));
    await expect(change).rejects.toThrow('dropped');
    expect(runs).toEqual([]);
  });
});
