import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseGeneratorPriority } from './thread-priority.ts';

/** Lowers a fresh process's threads (one of them a worker's) as asked; returns their policies. */
function policiesAfter(priority: string): { changed: number; before: string[]; after: string[] } {
  const script = `
    import { Worker } from 'node:worker_threads';
    import { lowerThreadPriority, threadPolicies } from ${JSON.stringify(new URL('./thread-priority.ts', import.meta.url).href)};
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await new Promise((resolve) => worker.once('online', resolve));
    const before = threadPolicies();
    const changed = lowerThreadPriority(${JSON.stringify(priority === 'idle' ? 'idle' : Number(priority))});
    console.log(JSON.stringify({ changed, before, after: threadPolicies() }));
    await worker.terminate();`;
  return JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    }),
  ) as { changed: number; before: string[]; after: string[] };
}

describe('generator thread priority', () => {
  it('reads idle or a niceness, nothing else', () => {
    expect(parseGeneratorPriority('idle')).toBe('idle');
    expect(parseGeneratorPriority('10')).toBe(10);
    expect(parseGeneratorPriority('0')).toBe(0);
    for (const bad of ['20', '-1', '2.5', 'low', ''])
      expect(parseGeneratorPriority(bad)).toBeNull();
  });

  it("puts every thread but the main one under SCHED_IDLE, a worker's and V8's included", () => {
    const { changed, before, after } = policiesAfter('idle');
    expect(before.filter((p) => p === 'SCHED_IDLE')).toEqual([]);
    expect(changed).toBeGreaterThan(2);
    const live = after.filter((p) => p !== 'gone');
    expect(live.length).toBeGreaterThan(2);
    expect(new Set(live)).toEqual(new Set(['SCHED_IDLE']));
  });

  it('leaves the threads alone at niceness 0', () => {
    const { changed, after } = policiesAfter('0');
    expect(changed).toBe(0);
    expect(after).not.toContain('SCHED_IDLE');
  });
});
