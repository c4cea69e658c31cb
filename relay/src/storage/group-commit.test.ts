import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A commit function whose calls the test finishes by hand. */
function manualCommit() {
  const calls: { items: number[]; finish: (r: string[]) => void; fail: (e: Error) => void }[] = [];
  const commit = (items: number[]) =>
    new Promise<string[]>((finish, fail) => calls.push({ items, finish, fail }));
  return { calls, commit };
}

const settled = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('commits the first item at once, and everything submitted meanwhile in the next group', async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit);
    const first = group.submit(1);
    await settled();
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    const later = [2, 3, 4].map((n) => group.submit(n));
    await settled();
    // Nothing more is sent while the first commit is in flight.
    expect(calls).toHaveLength(1);
    expect(group.waiting).toBe(3);
    calls[0]!.finish(['one']);
    expect(await first).toBe('one');
    await settled();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
    calls[1]!.finish(['two', 'three', 'four']);
    expect(await Promise.all(later)).toEqual(['two', 'three', 'four']);
    expect({ groups: group.groups, items: group.items }).toEqual({ groups: 2, items: 4 });
  });

  it('puts what is submitted in one turn of the loop in one group, and says when it is idle', async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit);
    const all = [group.submit(1), group.submit(2)];
    let idle = false;
    void group.idle().then(() => (idle = true));
    await settled();
    expect(calls.map((c) => c.items)).toEqual([[1, 2]]);
    expect(idle).toBe(false);
    calls[0]!.finish(['a', 'b']);
    await Promise.all(all);
    await settled();
    expect(idle).toBe(true);
    await group.idle();
  });

  it('answers no caller before its own group has committed', async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit);
    const answered: number[] = [];
    void group.submit(1).then(() => answered.push(1));
    await settled();
    void group.submit(2).then(() => answered.push(2));
    calls[0]!.finish(['a']);
    await settled();
    expect(answered).toEqual([1]);
    calls[1]!.finish(['b']);
    await settled();
    expect(answered).toEqual([1, 2]);
  });

  it("fails every item of a group whose commit fails, and only that group's", async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit);
    const first = group.submit(1);
    await settled();
    const second = [group.submit(2), group.submit(3)];
    calls[0]!.finish(['ok']);
    await first;
    await settled();
    const third = group.submit(4);
    calls[1]!.fail(new Error('disk I/O error'));
    for (const p of second) await expect(p).rejects.toThrow(/disk I\/O/);
    await settled();
    calls[2]!.finish(['fine']);
    expect(await third).toBe('fine');
  });

  it('keeps groups to their bound, in submission order', async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit, { maxGroup: 2 });
    const all = [1, 2, 3, 4, 5].map((n) => group.submit(n));
    for (let i = 0; i < 3; i++) {
      await settled();
      calls[i]!.finish(calls[i]!.items.map(String));
    }
    expect(await Promise.all(all)).toEqual(['1', '2', '3', '4', '5']);
    expect(calls.map((c) => c.items)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('refuses a commit that answers for the wrong number of items', async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit);
    const p = group.submit(1);
    await settled();
    calls[0]!.finish([]);
    await expect(p).rejects.toThrow(/0 results for 1/);
    expect(() => new GroupCommit(commit, { maxGroup: 0 })).toThrow(RangeError);
    expect(() => new GroupCommit(commit, { minIntervalMs: -1 })).toThrow(RangeError);
  });

  describe('paced', () => {
    afterEach(() => vi.useRealTimers());
    /** Commits that finish at once, each remembered with the fake clock's time at its start. */
    function instantCommit() {
      const starts: { at: number; items: number[] }[] = [];
      const commit = (items: number[]) => {
        starts.push({ at: Date.now(), items });
        return Promise.resolve(items.map(String));
      };
      return { starts, commit };
    }

    it('starts a commit no sooner than the interval after the last one, with all that came meanwhile', async () => {
      vi.useFakeTimers({ now: 1_000 });
      const { starts, commit } = instantCommit();
      const group = new GroupCommit(commit, { minIntervalMs: 20, now: Date.now });
      const first = group.submit(1);
      await vi.advanceTimersByTimeAsync(0);
      expect(await first).toBe('1');
      // Right behind it: these wait for the interval, together.
      await vi.advanceTimersByTimeAsync(5);
      const second = group.submit(2);
      await vi.advanceTimersByTimeAsync(10);
      const third = group.submit(3);
      await vi.advanceTimersByTimeAsync(4);
      expect(starts).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(await Promise.all([second, third])).toEqual(['2', '3']);
      expect(starts).toEqual([
        { at: 1_000, items: [1] },
        { at: 1_020, items: [2, 3] },
      ]);
    });

    it('commits at once after a quiet spell', async () => {
      vi.useFakeTimers({ now: 0 });
      const { starts, commit } = instantCommit();
      const group = new GroupCommit(commit, { minIntervalMs: 20, now: Date.now });
      await vi.advanceTimersByTimeAsync(0);
      void group.submit(1);
      await vi.advanceTimersByTimeAsync(50);
      void group.submit(2);
      await vi.advanceTimersByTimeAsync(0);
      expect(starts.map((s) => s.at)).toEqual([0, 50]);
      await group.idle();
    });

    it('paces a backlog larger than a group one interval apart', async () => {
      vi.useFakeTimers({ now: 0 });
      const { starts, commit } = instantCommit();
      const group = new GroupCommit(commit, { maxGroup: 2, minIntervalMs: 10, now: Date.now });
      const all = [1, 2, 3, 4, 5].map((n) => group.submit(n));
      await vi.advanceTimersByTimeAsync(25);
      expect(await Promise.all(all)).toEqual(['1', '2', '3', '4', '5']);
      expect(starts).toEqual([
        { at: 0, items: [1, 2] },
        { at: 10, items: [3, 4] },
        { at: 20, items: [5] },
      ]);
    });
  });
});
