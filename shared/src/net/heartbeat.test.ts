import { describe, expect, it } from 'vitest';
import { Heartbeat } from './heartbeat.ts';

describe('Heartbeat', () => {
  it('measures RTT and the clock offset of a skewed server', () => {
    const hb = new Heartbeat(5000, 2);
    const id = hb.ping(1000);
    // Server clock is 300 ms ahead; path takes 20 ms each way.
    const rt = hb.pong(id, 1000 + 20 + 300, 1040);
    expect(rt).toEqual({ rttMs: 40, offsetMs: 300, atMs: 1040 });
  });

  it('is due every interval', () => {
    const hb = new Heartbeat(5000, 2);
    expect(hb.due(0)).toBe(true);
    hb.ping(0);
    expect(hb.due(4999)).toBe(false);
    expect(hb.due(5000)).toBe(true);
  });

  it('declares the connection dead once a ping has waited pongTimeoutMs unanswered, and not before', () => {
    const hb = new Heartbeat(5000, 2);
    expect(hb.pongTimeoutMs).toBe(2500);
    expect(hb.dead(0)).toBe(false);
    hb.ping(0);
    expect(hb.dead(2499)).toBe(false);
    expect(hb.dead(2500)).toBe(true);
  });

  it('a ping sent at once (the user stopped speaking) is answered in time, or the path is dead', () => {
    const hb = new Heartbeat(5000, 2);
    const id = hb.ping(0);
    hb.pong(id, 0, 30);
    hb.ping(1000); // not due: sent because an answer matters now
    expect(hb.dead(3499)).toBe(false);
    expect(hb.dead(3500)).toBe(true);
  });

  it('counts silence from the last answer: noticed within an interval and a pong timeout', () => {
    const hb = new Heartbeat(5000, 2);
    const id = hb.ping(0);
    hb.pong(id, 0, 30);
    expect(hb.dead(5029)).toBe(false);
    hb.ping(5000);
    expect(hb.dead(7499)).toBe(false);
    expect(hb.dead(7500)).toBe(true);
  });

  it('with pings far apart, silence alone for maxMissed intervals is enough', () => {
    const hb = new Heartbeat(5000, 2, 60_000);
    hb.ping(0);
    expect(hb.dead(9999)).toBe(false);
    expect(hb.dead(10_000)).toBe(true);
  });

  it('an answer resets the count, a late answer is ignored', () => {
    const hb = new Heartbeat(5000, 2);
    const first = hb.ping(0);
    const second = hb.ping(5000); // first counted as missed
    expect(hb.pong(first, 0, 6000)).toBeNull();
    expect(hb.pong(second, 5010, 5020)?.rttMs).toBe(20);
    expect(hb.dead(9000)).toBe(false);
  });

  it('other traffic counts as a sign of life', () => {
    const hb = new Heartbeat(5000, 2);
    hb.ping(0);
    hb.ping(5000);
    hb.heard(6000);
    expect(hb.dead(9999)).toBe(false);
    expect(hb.dead(16_000)).toBe(true);
  });

  it('a late check puts a dead verdict off to the next check, once', () => {
    const hb = new Heartbeat(5000, 2);
    expect(hb.check(0, false)).toBe('ping');
    hb.ping(0);
    expect(hb.check(1000, false)).toBe('wait');
    expect(hb.check(3000, true)).toBe('wait'); // late: an answer may be waiting to be read
    expect(hb.check(3250, true)).toBe('dead'); // still nothing, late again: decided
    hb.reset();
    hb.ping(10_000);
    expect(hb.check(12_600, false)).toBe('dead');
  });
});
