import { describe, expect, it } from 'vitest';
import type { PlaybackEvent } from './playback-queue.ts';
import { QUANTUM, RATE, constant, ofType, queue, render } from './playback-queue.test-kit.ts';

describe('PlaybackQueue', () => {
  it('outputs silence and no events when empty', () => {
    const { out, events } = render(queue(), 10);
    expect(out.every((x) => x === 0)).toBe(true);
    expect(events).toEqual([]);
  });

  it('plays queued buffers back to back and reports the first sample of the turn', () => {
    const q = queue();
    q.enqueue({ bufferId: 0, turnId: 7, samples: constant(0.5, 100), startSample: 0 });
    q.enqueue({ bufferId: 1, turnId: 7, samples: constant(-0.25, 100), startSample: 100 });
    const { out, events } = render(q, 2, 1_000);
    expect(out[0]).toBe(0.5);
    expect(out[99]).toBe(0.5);
    expect(out[100]).toBe(-0.25);
    expect(out[199]).toBe(-0.25);
    expect(out[200]).toBe(0);
    expect(ofType(events, 'firstSample')).toEqual([
      {
        type: 'firstSample',
        turnId: 7,
        frame: 1_000,
        contextTimeSec: 1_000 / RATE,
        startSample: 0,
      },
    ]);
    const drained = ofType(events, 'drained');
    expect(drained).toEqual([{ type: 'drained', frame: 1_200, turnId: 7, lastBufferId: 1 }]);
    expect(q.countersOf(7)).toEqual({ turnId: 7, playedSamples: 200, nonSilentSamples: 200 });
  });

  it('counts silent samples as played but not as non-silent', () => {
    const q = queue();
    const samples = new Float32Array(1000);
    samples.fill(0.3, 0, 400);
    samples.fill(5e-5, 400, 1000); // below the 1e-4 threshold
    q.enqueue({ bufferId: 0, turnId: 1, samples, startSample: 0 });
    render(q, 10);
    expect(q.countersOf(1)).toEqual({ turnId: 1, playedSamples: 1000, nonSilentSamples: 400 });
  });

  it('reports cumulative stats about every interval while playing, and final ones on drain', () => {
    const q = queue({ statsIntervalFrames: 2_400 }); // 50 ms at 48 kHz
    q.enqueue({ bufferId: 0, turnId: 3, samples: constant(0.1, 12_000), startSample: 0 });
    const { events } = render(q, 120);
    const stats = ofType(events, 'stats');
    const played = stats.map((s) => s.turns.find((t) => t.turnId === 3)?.playedSamples);
    // 12,000 samples = 250 ms: reports at every ≥2,400 frames, then a final one at the drain.
    expect(played.slice(0, 4)).toEqual([2_432, 4_864, 7_296, 9_728]);
    expect(played.at(-1)).toBe(12_000);
    // The drain comes after the final counts.
    const lastStats = events.lastIndexOf(stats.at(-1) as PlaybackEvent);
    expect(events.findIndex((e) => e.type === 'drained')).toBeGreaterThan(lastStats);
    // No reports once idle.
    expect(render(q, 100, 120 * QUANTUM).events).toEqual([]);
  });

  it('keeps separate counters and first-sample events per turn', () => {
    const q = queue();
    q.enqueue({ bufferId: 0, turnId: 1, samples: constant(0.5, 50), startSample: 0 });
    q.enqueue({ bufferId: 1, turnId: 2, samples: constant(0.5, 70), startSample: 0 });
    const { events } = render(q, 1, 256);
    expect(ofType(events, 'firstSample').map((e) => [e.turnId, e.frame])).toEqual([
      [1, 256],
      [2, 306],
    ]);
    expect(q.countersOf(1).playedSamples).toBe(50);
    expect(q.countersOf(2).playedSamples).toBe(70);
  });

  it('fades out linearly on stop, then drops the rest without a click', () => {
    const q = queue({ stopRampFrames: 240 });
    q.enqueue({ bufferId: 0, turnId: 4, samples: constant(1, 48_000), startSample: 0 });
    q.enqueue({ bufferId: 1, turnId: 4, samples: constant(1, 48_000), startSample: 48_000 });
    render(q, 10); // 1,280 samples played
    expect(q.stop()).toEqual([]);
    const { out, events } = render(q, 4, 1_280);
    // Ramp: 239/240, 238/240, …, 0 — monotonic, ending in silence.
    expect(out[0]).toBeCloseTo(239 / 240, 6);
    expect(out[120]).toBeCloseTo(119 / 240, 6);
    expect(out[239]).toBe(0);
    for (let i = 1; i < 240; i++) expect(out[i] ?? 1).toBeLessThan(out[i - 1] ?? 0);
    expect(out.subarray(240).every((x) => x === 0)).toBe(true);
    const [stopped] = ofType(events, 'stopped');
    expect(stopped).toEqual({
      type: 'stopped',
      frame: 1_280 + 240,
      droppedSamples: 96_000 - 1_280 - 240,
      lastBufferId: 1,
      requestId: 0,
      cutTurnId: 4,
    });
    expect(q.countersOf(4).playedSamples).toBe(1_280 + 240);
    // Ramp samples count; the very last (0) does not count as non-silent.
    expect(q.countersOf(4).nonSilentSamples).toBe(1_280 + 239);
    expect(ofType(events, 'drained')).toEqual([]);
  });

  it('plays audio enqueued after stop once the fade ends', () => {
    const q = queue({ stopRampFrames: 100 });
    q.enqueue({ bufferId: 0, turnId: 1, samples: constant(1, 10_000), startSample: 0 });
    render(q, 1);
    q.stop();
    q.enqueue({ bufferId: 1, turnId: 2, samples: constant(0.5, 300), startSample: 0 });
    const { out, events } = render(q, 4, 128);
    expect(out[99]).toBe(0);
    expect(out[100]).toBe(0.5);
    expect(out[399]).toBe(0.5);
    expect(out[400]).toBe(0);
    expect(events.map((e) => e.type)).toEqual([
      'stats',
      'stopped',
      'firstSample',
      'stats',
      'drained',
    ]);
    const first = ofType(events, 'firstSample')[0];
    expect(first?.frame).toBe(228);
  });

  it('stop with nothing queued reports at once; clear drops without a fade', () => {
    const q = queue();
    expect(q.stop()).toEqual([
      {
        type: 'stopped',
        frame: 0,
        droppedSamples: 0,
        lastBufferId: -1,
        requestId: 0,
        cutTurnId: null,
      },
    ]);
    q.enqueue({ bufferId: 5, turnId: 1, samples: constant(1, 1_000), startSample: 0 });
    render(q, 1);
    const events = q.clear();
    expect(ofType(events, 'stopped')).toEqual([
      {
        type: 'stopped',
        frame: 128,
        droppedSamples: 872,
        lastBufferId: 5,
        requestId: 0,
        cutTurnId: 1,
      },
    ]);
    const { out } = render(q, 1, 128);
    expect(out.every((x) => x === 0)).toBe(true);
    expect(q.queuedSamples).toBe(0);
  });

  it('reports the position in the turn of the first sample played', () => {
    const q = queue();
    q.enqueue({ bufferId: 0, turnId: 9, samples: constant(0.2, 10), startSample: 4_800 });
    const { events } = render(q, 1);
    expect(ofType(events, 'firstSample')[0]?.startSample).toBe(4_800);
  });
});
