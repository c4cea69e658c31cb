import { describe, expect, it } from 'vitest';
import { RealtimeGuard, type RealtimeVerdict } from './realtime-guard.ts';

const FRAME_MS = 100;

/**
 * A client streaming 100 ms microphone frames through a guard that allows 30 s of catch-up and
 * 5 s of overrun. Once cut, it sends nothing more (the relay closed the socket). `summary()`
 * gives the verdicts run-length encoded: `ok×300 throttle×55 cut`.
 */
function client() {
  let t = 0;
  const now = () => t;
  const guard = new RealtimeGuard({ catchUpMs: 30_000, overrunMs: 5_000, now });
  const verdicts: RealtimeVerdict['kind'][] = [];
  let cut = false;
  let obeysThrottle = false;
  const send = () => {
    if (cut) return;
    const v = guard.onAudio(FRAME_MS);
    verdicts.push(v.kind);
    if (v.kind === 'cut') cut = true;
    if (v.kind === 'throttle' && obeysThrottle) t += v.pauseMs; // the relay stopped reading
  };
  const c = {
    guard,
    elapsedMs: () => t,
    /** Pauses reading when told to, as a relay with socket backpressure would make it. */
    obeyingThrottle() {
      obeysThrottle = true;
      return c;
    },
    /** Sends `seconds` of audio at once: the replay of buffered audio after a reconnect. */
    burst(seconds: number) {
      for (let i = 0; i < (seconds * 1000) / FRAME_MS; i++) send();
      return c;
    },
    /** Streams `seconds` of audio at `speed` × real time. */
    stream(seconds: number, speed = 1) {
      for (let i = 0; i < (seconds * 1000) / FRAME_MS && !cut; i++) {
        t += FRAME_MS / speed;
        send();
      }
      return c;
    },
    silence(seconds: number) {
      t += seconds * 1000;
      return c;
    },
    summary(): string {
      const runs: [string, number][] = [];
      for (const kind of verdicts) {
        const last = runs.at(-1);
        if (last?.[0] === kind) last[1]++;
        else runs.push([kind, 1]);
      }
      return runs.map(([kind, n]) => (n === 1 ? kind : `${kind}×${n}`)).join(' ');
    },
  };
  return c;
}

describe('RealtimeGuard', () => {
  it('lets a real-time stream through for an hour', () => {
    expect(client().stream(3600).summary()).toBe('ok×36000');
  });

  it('absorbs network bunching: frames held back for 2 s, then delivered at once', () => {
    const c = client();
    for (let i = 0; i < 100; i++) c.silence(2).burst(2);
    expect(c.summary()).toBe('ok×2000');
  });

  it('absorbs pre-speech padding at every utterance start', () => {
    const c = client();
    for (let i = 0; i < 50; i++) c.burst(0.3).stream(4).silence(10);
    expect(c.summary()).toBe('ok×2150');
  });

  it('allows a 30 s replay burst, then real time', () => {
    expect(client().burst(30).stream(600).summary()).toBe('ok×6300');
  });

  it('allows a 30 s replay burst, then throttles and cuts a 10× stream within 0.6 s', () => {
    const c = client().burst(30).stream(60, 10);
    expect(c.summary()).toBe('ok×300 throttle×55 cut');
    expect(c.elapsedMs()).toBe(560);
  });

  it('cuts a 10× stream from the start once it is 35 s ahead', () => {
    const c = client().stream(60, 10);
    // Each frame puts the client 90 ms further ahead: 333 frames reach 30 s, 388 reach 35 s.
    expect(c.summary()).toBe('ok×333 throttle×55 cut');
    expect(c.guard.aheadMs).toBeLessThanOrEqual(35_000);
  });

  it('never cuts a client whose socket is paused when throttled: it is held to real time', () => {
    const c = client().obeyingThrottle().burst(30).stream(120, 10);
    expect(c.summary()).toMatch(/^ok×300 (throttle|ok)/);
    expect(c.summary()).not.toContain('cut');
    // 150 s of audio delivered over ≈ 120 s of wall clock: the 30 s catch-up, then real time.
    expect(c.elapsedMs()).toBeGreaterThanOrEqual(120_000 - FRAME_MS);
    expect(c.guard.aheadMs).toBeLessThanOrEqual(30_000);
  });

  it('gives no credit for silence: after 10 minutes of quiet, the allowance is still 30 s', () => {
    expect(client().silence(600).burst(31).summary()).toBe('ok×300 throttle×10');
  });

  it('does not count a refused frame', () => {
    let t = 0;
    const guard = new RealtimeGuard({ catchUpMs: 1000, overrunMs: 0, now: () => t });
    expect(guard.onAudio(1000)).toEqual({ kind: 'ok', aheadMs: 1000 });
    expect(guard.onAudio(100)).toEqual({ kind: 'cut', aheadMs: 1100 });
    expect(guard.aheadMs).toBe(1000);
    t += 100;
    expect(guard.onAudio(100)).toEqual({ kind: 'ok', aheadMs: 1000 });
  });

  it('reports how long to pause to be back within the allowance', () => {
    let t = 0;
    const guard = new RealtimeGuard({ catchUpMs: 1000, overrunMs: 1000, now: () => t });
    guard.onAudio(1000);
    expect(guard.onAudio(300)).toEqual({ kind: 'throttle', aheadMs: 1300, pauseMs: 300 });
    t += 300;
    expect(guard.onAudio(0)).toEqual({ kind: 'ok', aheadMs: 1000 });
  });

  it('rejects invalid input', () => {
    const now = () => 0;
    expect(() => new RealtimeGuard({ catchUpMs: -1, overrunMs: 0, now })).toThrow(/catchUpMs/);
    expect(() =>
      new RealtimeGuard({ catchUpMs: 0, overrunMs: 0, now }).onAudio(Number.NaN),
    ).toThrow(RangeError);
  });
});
