import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PartialThrottle } from './partial-throttle.ts';

describe('PartialThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const throttle = () => {
    const sent: [number, string][] = [];
    const t = new PartialThrottle(
      (text) => sent.push([Date.now(), text]),
      250,
      () => Date.now(),
    );
    return { t, sent };
  };

  it('sends the first hypothesis at once, then the latest at most every interval', async () => {
    const { t, sent } = throttle();
    const t0 = Date.now();
    t.push('what');
    await vi.advanceTimersByTimeAsync(100);
    t.push('what to');
    await vi.advanceTimersByTimeAsync(100);
    t.push('what time'); // replaces "what to", still within the interval
    await vi.advanceTimersByTimeAsync(100);
    t.push('what time is');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map(([at, text]) => [at - t0, text])).toEqual([
      [0, 'what'],
      [250, 'what time'],
      [500, 'what time is'],
    ]);
  });

  it('never sends the same text twice in a row, nor an empty one', async () => {
    const { t, sent } = throttle();
    t.push('what');
    await vi.advanceTimersByTimeAsync(300);
    t.push('what');
    t.push('');
    await vi.advanceTimersByTimeAsync(300);
    expect(sent.map(([, text]) => text)).toEqual(['what']);
  });

  it('sends nothing held once stopped (the final transcript follows)', async () => {
    const { t, sent } = throttle();
    t.push('what');
    t.push('what time');
    t.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map(([, text]) => text)).toEqual(['what']);
  });

  it('sends with the words the last seq they are known to cover, and alone as it grows where asked (issue 63, item 9)', async () => {
    const sent: [string, number | undefined][] = [];
    const record = (text: string, coversSeq?: number) => sent.push([text, coversSeq]);
    const later = new PartialThrottle(record, 250, () => Date.now());
    later.push('what');
    later.covered(3);
    await vi.advanceTimersByTimeAsync(300);
    later.push('what time');
    later.covered(4);
    expect(sent).toEqual([
      ['what', undefined],
      ['what time', 3],
    ]);
    sent.length = 0;
    const atOnce = new PartialThrottle(record, 0, () => Date.now(), true);
    atOnce.covered(55);
    atOnce.push('yeah');
    atOnce.covered(58);
    atOnce.covered(58);
    atOnce.covered(57);
    atOnce.stop();
    atOnce.covered(70);
    expect(sent).toEqual([
      ['', 55],
      ['yeah', 55],
      ['yeah', 58],
    ]);
  });
});
