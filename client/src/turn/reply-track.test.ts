import { describe, expect, it } from 'vitest';
import { ReplyTrack } from './reply-track.ts';

describe('ReplyTrack', () => {
  it('plays the reply awaited, not a stale one', () => {
    const r = new ReplyTrack();
    r.awaits(2);
    expect(r.started(1)).toBe(false);
    expect(r.playing).toBe(false);
    expect(r.started(2)).toBe(true);
    expect([r.turnId, r.playing, r.heard]).toEqual([2, true, true]);
  });

  it('keeps a reply the relay finished until its audio has played out', () => {
    const r = new ReplyTrack();
    r.awaits(1);
    r.started(1);
    expect(r.done(1, true)).toBe(false);
    expect(r.turnId).toBe(1);
    r.drained();
    expect([r.turnId, r.playing]).toEqual([null, false]);
  });

  it('keeps a reply that ran dry before the relay finished it (still coming)', () => {
    const r = new ReplyTrack();
    r.awaits(1);
    r.started(1);
    r.drained();
    expect(r.turnId).toBe(1);
    expect(r.done(1, true)).toBe(true);
    expect(r.turnId).toBeNull();
  });

  it('ends a reply finished without audio at once, and ignores the end of another turn', () => {
    const r = new ReplyTrack();
    r.awaits(3);
    expect(r.done(2, false)).toBe(false);
    expect(r.done(3, false)).toBe(true);
    expect(r.turnId).toBeNull();
  });

  it('says a reply is heard only once its audio started, and forgets it when stopped', () => {
    const r = new ReplyTrack();
    r.awaits(1);
    expect(r.heard).toBe(false);
    r.started(1);
    expect(r.stop()).toBe(1);
    expect([r.turnId, r.playing, r.heard]).toEqual([null, false, false]);
  });
});
