import { describe, expect, it } from 'vitest';
import { Rig, constant, ofType, positions, queue, tapeValue } from './playback-queue.test-kit.ts';

/** Pause / resume / stop sequences of PlaybackQueue, with exact counters and event order. */

const PAUSE_RAMP = 240; // 5 ms at 48 kHz
const RESUME_RAMP = 96; // 2 ms

function rig(overrides: { pauseRampFrames?: number; resumeRampFrames?: number } = {}): Rig {
  return new Rig(
    queue({ pauseRampFrames: PAUSE_RAMP, resumeRampFrames: RESUME_RAMP, ...overrides }),
  );
}

/** A rig playing turn 3: 10,000 distinct samples in two buffers, 1,024 of them already played. */
function playing(r = rig()): Rig {
  const tape = positions(10_000);
  r.q.enqueue({ bufferId: 0, turnId: 3, samples: tape.slice(0, 4_000), startSample: 0 });
  r.q.enqueue({ bufferId: 1, turnId: 3, samples: tape.slice(4_000), startSample: 4_000 });
  r.render(8);
  return r;
}

const at = tapeValue;

describe('PlaybackQueue pause', () => {
  it('fades out over the pause ramp, reports exact counters, then holds the queue', () => {
    const r = playing();
    expect(r.q.pause(1)).toEqual([]);
    expect(r.q.pauseState).toBe('pausing');
    const { out, events } = r.render(4); // frames 1,024 … 1,535
    for (let j = 0; j < PAUSE_RAMP; j++) {
      expect(out[j]).toBeCloseTo((at(1_024 + j) * (PAUSE_RAMP - 1 - j)) / PAUSE_RAMP, 6);
    }
    expect(out[PAUSE_RAMP - 1]).toBe(0);
    expect(out.subarray(PAUSE_RAMP).every((x) => x === 0)).toBe(true);
    // Counters first, then the pause: the main thread's count is exact when `paused` arrives.
    expect(events).toEqual([
      {
        type: 'stats',
        frame: 1_024 + PAUSE_RAMP,
        turns: [{ turnId: 3, playedSamples: 1_264, nonSilentSamples: 1_263 }],
      },
      {
        type: 'paused',
        frame: 1_024 + PAUSE_RAMP,
        requestId: 1,
        cutTurnId: 3,
        heldSamples: 10_000 - 1_264,
      },
    ]);
    expect(r.q.pauseState).toBe('paused');
    // Held: silence, nothing consumed, no stats, no drain.
    const held = r.render(100);
    expect(held.out.every((x) => x === 0)).toBe(true);
    expect(held.events).toEqual([]);
    expect(r.q.queuedSamples).toBe(10_000 - 1_264);
    expect(r.q.countersOf(3).playedSamples).toBe(1_264);
  });

  it('resumes with the next held sample, fading in: nothing lost or repeated', () => {
    const r = playing();
    r.q.pause(1);
    r.render(4);
    r.render(10);
    const resumeFrame = r.frame;
    expect(r.q.resume()).toEqual([{ type: 'resumed', frame: resumeFrame }]);
    const { out, events } = r.render(70);
    const rest = 10_000 - 1_264;
    for (let j = 0; j < rest; j++) {
      const gain = Math.min(1, (j + 1) / RESUME_RAMP);
      if (gain < 1) expect(out[j]).toBeCloseTo(at(1_264 + j) * gain, 6);
      else expect(out[j]).toBe(at(1_264 + j)); // bit-exact once the ramp is over
    }
    expect(out.subarray(rest).every((x) => x === 0)).toBe(true);
    expect(r.q.countersOf(3)).toEqual({
      turnId: 3,
      playedSamples: 10_000,
      nonSilentSamples: 9_999,
    });
    expect(ofType(events, 'drained')).toEqual([
      { type: 'drained', frame: resumeFrame + rest, turnId: 3, lastBufferId: 1 },
    ]);
    expect(ofType(events, 'firstSample')).toEqual([]);
    expect(r.q.pauseState).toBe('playing');
  });

  it('stop while paused drops the held audio at once; the next turn plays at full gain', () => {
    const r = playing();
    r.q.pause(1);
    r.render(4);
    expect(r.q.stop(2)).toEqual([
      {
        type: 'stopped',
        frame: r.frame,
        droppedSamples: 10_000 - 1_264,
        lastBufferId: 1,
        requestId: 2,
        cutTurnId: null, // the pause had already silenced it
      },
    ]);
    expect(r.q.pauseState).toBe('playing');
    r.q.enqueue({ bufferId: 2, turnId: 4, samples: constant(0.5, 300), startSample: 0 });
    const { out, events } = r.render(3);
    expect(out[0]).toBe(0.5);
    expect(out[299]).toBe(0.5);
    expect(events.map((e) => e.type)).toEqual(['firstSample', 'stats', 'drained']);
    expect(r.q.countersOf(3).playedSamples).toBe(1_264);
  });

  it('keeps queueing while paused and plays everything in order after resume', () => {
    const r = playing();
    r.q.pause(1);
    r.render(4);
    r.q.enqueue({ bufferId: 2, turnId: 3, samples: constant(0.25, 500), startSample: 10_000 });
    r.q.enqueue({ bufferId: 3, turnId: 4, samples: constant(0.5, 200), startSample: 0 });
    expect(r.q.queuedSamples).toBe(10_000 - 1_264 + 700);
    expect(r.render(20).out.every((x) => x === 0)).toBe(true);
    const resumeFrame = r.frame;
    r.q.resume();
    const { out, events } = r.render(80);
    const rest = 10_000 - 1_264;
    expect(out[rest]).toBe(0.25);
    expect(out[rest + 500]).toBe(0.5);
    expect(out[rest + 700]).toBe(0);
    expect(ofType(events, 'firstSample').map((e) => [e.turnId, e.frame])).toEqual([
      [4, resumeFrame + rest + 500],
    ]);
    expect(r.q.countersOf(3).playedSamples).toBe(10_500);
    expect(r.q.countersOf(4).playedSamples).toBe(200);
  });

  it('takes effect at once when nothing is playing, and holds what arrives later', () => {
    const r = rig();
    r.render(2);
    expect(r.q.pause(5)).toEqual([
      { type: 'paused', frame: 256, requestId: 5, cutTurnId: null, heldSamples: 0 },
    ]);
    r.q.enqueue({ bufferId: 0, turnId: 1, samples: constant(1, 1_000), startSample: 0 });
    const held = r.render(4);
    expect(held.out.every((x) => x === 0)).toBe(true);
    expect(held.events).toEqual([]);
    r.q.resume();
    const resumeFrame = r.frame;
    const { out, events } = r.render(8);
    expect(out[0]).toBeCloseTo(1 / RESUME_RAMP, 6);
    expect(out[RESUME_RAMP - 1]).toBe(1);
    expect(out[999]).toBe(1);
    expect(ofType(events, 'firstSample')[0]?.frame).toBe(resumeFrame);
    expect(r.q.countersOf(1).playedSamples).toBe(1_000);
  });

  it('holds audio enqueued but not yet started without fading it in and out', () => {
    const r = rig();
    r.q.enqueue({ bufferId: 0, turnId: 1, samples: constant(1, 1_000), startSample: 0 });
    expect(ofType(r.q.pause(1), 'paused')[0]?.cutTurnId).toBeNull();
    expect(r.render(2).out.every((x) => x === 0)).toBe(true);
    expect(r.q.countersOf(1).playedSamples).toBe(0);
  });

  it('a pause during the fade-in ramps down from the current gain at the same slope', () => {
    const r = rig({ resumeRampFrames: 256 });
    r.q.pause(1); // nothing playing: paused at once
    r.q.enqueue({ bufferId: 0, turnId: 1, samples: constant(1, 10_000), startSample: 0 });
    r.q.resume();
    const up = r.render(1).out; // 128 of the 256-sample fade-in: gain 0.5
    expect(up[127]).toBe(0.5);
    expect(r.q.pause(2)).toEqual([]);
    const { out, events } = r.render(1);
    // 0.5 down to 0 at 1/240 per sample: 120 samples.
    expect(out[0]).toBeCloseTo((0.5 * 119) / 120, 6);
    expect(out[119]).toBe(0);
    const all = [...up, ...out];
    for (let i = 1; i < all.length; i++) {
      expect(Math.abs((all[i] ?? 0) - (all[i - 1] ?? 0))).toBeLessThanOrEqual(1 / 240 + 1e-6);
    }
    expect(ofType(events, 'paused')[0]?.frame).toBe(128 + 120);
    expect(r.q.countersOf(1).playedSamples).toBe(128 + 120);
  });

  it('resume during the pause fade turns back up without going silent', () => {
    const r = rig();
    r.q.enqueue({ bufferId: 0, turnId: 1, samples: constant(1, 10_000), startSample: 0 });
    r.render(2);
    r.q.pause(1);
    const down = r.render(1).out; // gain 112/240 after 128 of 240 samples
    expect(down[127]).toBeCloseTo(112 / 240, 6);
    expect(r.q.resume()).toEqual([{ type: 'resumed', frame: 384 }]);
    const { out, events } = r.render(2);
    expect(Math.min(...down, ...out)).toBeGreaterThan(0.46);
    // 112/240 up to 1 at 1/96 per sample: ⌈(128/240)·96⌉ = 52 samples.
    expect(out[50]).toBeLessThan(1);
    expect(out[51]).toBe(1);
    expect(ofType(events, 'paused')).toEqual([]);
    expect(r.q.pauseState).toBe('playing');
    expect(r.q.countersOf(1).playedSamples).toBe(256 + 128 + 256);
  });

  it('stop during the pause fade continues down from the current gain', () => {
    const r = rig();
    r.q.enqueue({ bufferId: 0, turnId: 1, samples: constant(1, 10_000), startSample: 0 });
    r.render(2);
    r.q.pause(1);
    r.render(1); // gain 112/240
    expect(r.q.stop(2)).toEqual([]);
    const { out, events } = r.render(1);
    expect(out[0]).toBeCloseTo(111 / 240, 6);
    expect(out[111]).toBe(0);
    expect(out.subarray(112).every((x) => x === 0)).toBe(true);
    expect(events).toEqual([
      {
        type: 'stats',
        frame: 384 + 112,
        turns: [{ turnId: 1, playedSamples: 496, nonSilentSamples: 495 }],
      },
      {
        type: 'stopped',
        frame: 384 + 112,
        droppedSamples: 10_000 - 496,
        lastBufferId: 0,
        requestId: 2,
        cutTurnId: 1,
      },
    ]);
  });

  it('pauses where the queue runs dry during the fade; the drain waits for resume', () => {
    const r = rig();
    r.q.enqueue({ bufferId: 0, turnId: 1, samples: constant(1, 300), startSample: 0 });
    r.render(2);
    r.q.pause(1);
    const { out, events } = r.render(1);
    expect(out[43]).toBeCloseTo(196 / 240, 6);
    expect(out[44]).toBe(0);
    expect(events.map((e) => e.type)).toEqual(['stats', 'paused']);
    expect(ofType(events, 'paused')[0]).toMatchObject({ frame: 300, cutTurnId: 1, heldSamples: 0 });
    expect(r.render(2).events).toEqual([]);
    r.q.resume();
    expect(r.render(1).events).toEqual([
      { type: 'drained', frame: 300, turnId: 1, lastBufferId: 0 },
    ]);
  });

  it('answers every pause request, echoing the highest id', () => {
    const r = playing();
    expect(r.q.pause(1)).toEqual([]);
    expect(r.q.pause(2)).toEqual([]);
    const paused = ofType(r.render(2).events, 'paused');
    expect(paused.map((e) => e.requestId)).toEqual([2]);
    // Already paused: answered at once, same silence frame; the cut was reported already.
    expect(r.q.pause(3)).toEqual([
      { type: 'paused', frame: 1_264, requestId: 3, cutTurnId: null, heldSamples: 8_736 },
    ]);
    expect(r.q.resume()).toHaveLength(1);
    expect(r.q.resume()).toEqual([]);
  });

  it('cuts at once without a pause ramp and says which turn it cut', () => {
    const r = playing(rig({ pauseRampFrames: 0 }));
    expect(r.q.pause(1)).toEqual([
      {
        type: 'stats',
        frame: 1_024,
        turns: [{ turnId: 3, playedSamples: 1_024, nonSilentSamples: 1_024 }],
      },
      { type: 'paused', frame: 1_024, requestId: 1, cutTurnId: 3, heldSamples: 8_976 },
    ]);
    expect(r.render(1).out.every((x) => x === 0)).toBe(true);
  });
});

describe('PlaybackQueue stop requests', () => {
  it('answers a stop that arrives during a stop fade with that fade’s end', () => {
    const r = rig();
    r.q.enqueue({ bufferId: 0, turnId: 1, samples: constant(1, 10_000), startSample: 0 });
    r.render(1);
    expect(r.q.stop(1)).toEqual([]);
    r.q.enqueue({ bufferId: 1, turnId: 2, samples: constant(1, 500), startSample: 0 });
    expect(r.q.stop(2)).toEqual([]); // turn 2 was not audible: dropped at once
    const { out, events } = r.render(3);
    expect(out.subarray(240).every((x) => x === 0)).toBe(true);
    expect(ofType(events, 'stopped')).toEqual([
      {
        type: 'stopped',
        frame: 128 + 240,
        droppedSamples: 10_000 - 128 - 240 + 500,
        lastBufferId: 1,
        requestId: 2,
        cutTurnId: 1,
      },
    ]);
    expect(r.q.countersOf(2).playedSamples).toBe(0);
  });

  it('drops audio enqueued but not yet started at once, without a blip', () => {
    const r = rig();
    r.q.enqueue({ bufferId: 0, turnId: 1, samples: constant(1, 1_000), startSample: 0 });
    expect(r.q.stop(1)).toEqual([
      {
        type: 'stopped',
        frame: 0,
        droppedSamples: 1_000,
        lastBufferId: 0,
        requestId: 1,
        cutTurnId: null,
      },
    ]);
    expect(r.render(2).out.every((x) => x === 0)).toBe(true);
  });

  it('a pause during a stop fade takes effect when that fade ends', () => {
    const r = rig();
    r.q.enqueue({ bufferId: 0, turnId: 1, samples: constant(1, 10_000), startSample: 0 });
    r.render(1);
    r.q.stop(1);
    r.q.enqueue({ bufferId: 1, turnId: 2, samples: constant(0.5, 300), startSample: 0 });
    expect(r.q.pause(2)).toEqual([]);
    const { out, events } = r.render(3);
    expect(out.subarray(240).every((x) => x === 0)).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['stats', 'stopped', 'paused']);
    expect(ofType(events, 'paused')[0]).toEqual({
      type: 'paused',
      frame: 128 + 240,
      requestId: 2,
      cutTurnId: null,
      heldSamples: 300,
    });
    r.q.resume();
    const next = r.render(4);
    expect(next.out[0]).toBeCloseTo(0.5 / RESUME_RAMP, 6);
    expect(next.out[299]).toBe(0.5);
    expect(r.q.countersOf(2).playedSamples).toBe(300);
  });

  it('clear drops fading and held audio at once and ends a pause', () => {
    const r = playing();
    r.q.pause(1);
    r.render(4);
    r.q.enqueue({ bufferId: 2, turnId: 4, samples: constant(1, 100), startSample: 0 });
    expect(r.q.clear(2)).toEqual([
      {
        type: 'stopped',
        frame: r.frame,
        droppedSamples: 8_736 + 100,
        lastBufferId: 2,
        requestId: 2,
        cutTurnId: null,
      },
    ]);
    expect(r.q.pauseState).toBe('playing');
    expect(r.q.queuedSamples).toBe(0);
  });
});
