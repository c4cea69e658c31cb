import { describe, expect, it } from 'vitest';
import { CaptureRecovery, type RecoveryEffect } from './capture-recovery.ts';

/** Effects as short strings: `paused:track-ended`, `reacquire`, `wake-at:1500`, … */
const names = (effects: RecoveryEffect[]) =>
  effects.map((e) =>
    e.type === 'paused' ? `paused:${e.fault}` : e.type === 'wake-at' ? `wake-at:${e.atMs}` : e.type,
  );

function recovery(visible = true, retryDelaysMs = [500, 1000]) {
  return new CaptureRecovery({ visible, unmuteGraceMs: 1500, retryDelaysMs });
}

describe('CaptureRecovery', () => {
  it('a track ended in the background waits for the page to be visible, then opens the mic again', () => {
    const r = recovery(true);
    expect(names(r.visibility(false, 0))).toEqual([]);
    expect(names(r.fault('track-ended', 10))).toEqual(['paused:track-ended']);
    expect(r.status).toBe('paused');
    expect(names(r.tick(60_000))).toEqual([]);
    expect(names(r.visibility(true, 60_000))).toEqual(['reacquire']);
    expect(r.status).toBe('recovering');
    expect(names(r.succeeded(60_300))).toEqual(['resumed']);
    expect(r.status).toBe('live');
    expect([...r.currentFaults]).toEqual([]);
  });

  it('a track ended while visible (a headset unplugged) is replaced at once', () => {
    const r = recovery();
    expect(names(r.fault('track-ended', 0))).toEqual(['paused:track-ended', 'reacquire']);
    expect(names(r.succeeded(200))).toEqual(['resumed']);
  });

  it('a device gone from the list is replaced like an ended track', () => {
    const r = recovery();
    expect(names(r.fault('device-lost', 0))).toEqual(['paused:device-lost', 'reacquire']);
    expect(names(r.succeeded(300))).toEqual(['resumed']);
  });

  it('reports the pause once, and starts one attempt at a time', () => {
    const r = recovery();
    expect(names(r.fault('track-ended', 0))).toEqual(['paused:track-ended', 'reacquire']);
    expect(names(r.fault('device-lost', 5))).toEqual([]);
    expect(names(r.fault('context-suspended', 6))).toEqual([]);
    expect(names(r.visibility(true, 7))).toEqual([]);
    expect(names(r.succeeded(100))).toEqual(['resumed']);
  });

  it('a track muted in the background and unmuted there resumes without a new track', () => {
    const r = recovery(false);
    expect(names(r.fault('track-muted', 0))).toEqual(['paused:track-muted']);
    expect(names(r.cleared('track-muted', 30_000))).toEqual(['resumed']);
  });

  it('gives a muted track a grace period once the user is back, then opens a new one — once', () => {
    const r = recovery(false);
    r.fault('track-muted', 0);
    expect(names(r.visibility(true, 10_000))).toEqual(['wake-at:11500']);
    expect(names(r.tick(11_499))).toEqual(['wake-at:11500']);
    expect(names(r.tick(11_500))).toEqual(['reacquire']);
    expect(names(r.succeeded(11_700))).toEqual(['resumed']);
    // The new track is muted as well: wait for the unmute rather than loop.
    expect(names(r.fault('track-muted', 11_701))).toEqual(['paused:track-muted']);
    expect(names(r.tick(20_000))).toEqual([]);
    expect(names(r.cleared('track-muted', 25_000))).toEqual(['resumed']);
  });

  it('a short mute while visible lifts by itself (the call ended)', () => {
    const r = recovery();
    expect(names(r.fault('track-muted', 1000))).toEqual(['paused:track-muted', 'wake-at:2500']);
    expect(names(r.cleared('track-muted', 2000))).toEqual(['resumed']);
    expect(names(r.tick(2500))).toEqual([]);
  });

  it('resumes a suspended context when visible; one that needs a tap waits for it', () => {
    const r = recovery(false);
    expect(names(r.fault('context-suspended', 0))).toEqual(['paused:context-suspended']);
    expect(names(r.visibility(true, 5000))).toEqual(['resume-context']);
    expect(names(r.failed('context', 7000))).toEqual([]);
    expect(r.status).toBe('stuck');
    expect(r.failure).toBe('context');
    expect(names(r.tick(9000))).toEqual([]);
    // The tap: everything at once, inside the gesture.
    expect(names(r.retry())).toEqual(['reacquire']);
    expect(names(r.succeeded(9100))).toEqual(['resumed']);
    expect(r.failure).toBeNull();
  });

  it('a context that comes back by itself ends the wait for a tap', () => {
    const r = recovery();
    r.fault('track-ended', 0);
    r.failed('context', 2000);
    expect(r.status).toBe('stuck');
    r.fault('context-suspended', 2001);
    expect(names(r.cleared('context-suspended', 5000))).toEqual(['reacquire']);
  });

  it('retries a busy microphone on a schedule, then asks the user', () => {
    const r = recovery();
    r.fault('track-ended', 0);
    expect(names(r.failed('busy', 100))).toEqual(['wake-at:600']);
    expect(r.status).toBe('retrying');
    expect(names(r.tick(599))).toEqual(['wake-at:600']);
    expect(names(r.tick(600))).toEqual(['reacquire']);
    expect(names(r.failed('busy', 700))).toEqual(['wake-at:1700']);
    expect(names(r.tick(1700))).toEqual(['reacquire']);
    expect(names(r.failed('busy', 1800))).toEqual([]);
    expect(r.status).toBe('stuck');
    expect(r.failure).toBe('busy');
  });

  it('a refusal waits for the user; coming back to the page tries again by itself', () => {
    const r = recovery();
    r.fault('track-ended', 0);
    expect(names(r.failed('denied', 50))).toEqual([]);
    expect(r.status).toBe('stuck');
    expect(r.failure).toBe('denied');
    expect(names(r.tick(10_000))).toEqual([]);
    // Off to the settings and back.
    expect(names(r.visibility(false, 20_000))).toEqual([]);
    expect(names(r.visibility(true, 40_000))).toEqual(['reacquire']);
    expect(names(r.succeeded(40_100))).toEqual(['resumed']);
  });

  it('the user can ask again after a refusal', () => {
    const r = recovery();
    r.fault('track-ended', 0);
    r.failed('denied', 50);
    expect(names(r.retry())).toEqual(['reacquire']);
    expect(names(r.retry())).toEqual([]);
  });

  it('does not retry in the background: the schedule starts over when the user is back', () => {
    const r = recovery();
    r.fault('track-ended', 0);
    expect(names(r.failed('missing', 100))).toEqual(['wake-at:600']);
    r.visibility(false, 200);
    expect(names(r.tick(600))).toEqual([]);
    expect(r.status).toBe('paused');
    expect(names(r.visibility(true, 9000))).toEqual(['reacquire']);
  });

  it('does nothing while live, and a retry with nothing wrong is ignored', () => {
    const r = recovery();
    expect(names(r.visibility(false, 0))).toEqual([]);
    expect(names(r.visibility(true, 1))).toEqual([]);
    expect(names(r.cleared('track-muted', 2))).toEqual([]);
    expect(names(r.retry())).toEqual([]);
    expect(r.status).toBe('live');
  });
});
