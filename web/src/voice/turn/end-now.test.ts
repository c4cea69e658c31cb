import { describe, expect, it } from 'vitest';
import type { VadEvent } from '../../audio/vad.ts';
import { EndNow } from './end-now.ts';

const start = { startSample: 1_600, paddedStartSample: 1_000 };

describe('EndNow', () => {
  it('ends the open segment at its last speech, and drops the worker’s end of it once', () => {
    const n = new EndNow();
    n.opened(start);
    expect(n.take(20_000, 24_000)).toEqual({
      type: 'speechEnd',
      startSample: 1_600,
      paddedStartSample: 1_000,
      endSample: 20_000,
      decidedAtSample: 24_000,
    });
    const workers: VadEvent = {
      ...start,
      type: 'speechEnd',
      endSample: 20_480,
      decidedAtSample: 24_576,
    };
    expect(n.absorbs(workers)).toBe(true);
    expect(n.absorbs(workers)).toBe(false);
  });

  it('has nothing to end without an open segment, or after the worker ended it itself', () => {
    const n = new EndNow();
    expect(n.take(20_000, 24_000)).toBeNull();
    n.opened(start);
    expect(
      n.absorbs({ type: 'speechEnd', ...start, endSample: 20_000, decidedAtSample: 24_000 }),
    ).toBe(false);
    expect(n.take(20_000, 24_000)).toBeNull();
  });

  it('drops a misfire the worker makes of a segment already ended, and owes nothing after a new start or a reset', () => {
    const n = new EndNow();
    n.opened(start);
    n.take(20_000, 24_000);
    expect(
      n.absorbs({
        type: 'misfire',
        startSample: 1_600,
        endSample: 20_000,
        decidedAtSample: 24_000,
      }),
    ).toBe(true);
    n.opened(start);
    n.take(20_000, 24_000);
    n.opened({ startSample: 30_000, paddedStartSample: 29_000 });
    const next = { type: 'speechEnd', startSample: 30_000, paddedStartSample: 29_000 } as const;
    expect(n.absorbs({ ...next, endSample: 40_000, decidedAtSample: 44_000 })).toBe(false);
    n.opened(start);
    n.take(20_000, 24_000);
    n.reset();
    expect(n.absorbs({ ...next, endSample: 40_000, decidedAtSample: 44_000 })).toBe(false);
  });

  it('never ends a segment after the moment it was decided', () => {
    const n = new EndNow();
    n.opened(start);
    expect(n.take(25_000, 24_000)).toMatchObject({ endSample: 24_000 });
  });
});
