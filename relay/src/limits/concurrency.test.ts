import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from './concurrency.ts';

describe('ConcurrencyLimiter', () => {
  it('allows up to maxPerKey at once and refuses the next', () => {
    const sessions = new ConcurrencyLimiter({ maxPerKey: 3 });
    const held = [sessions.acquire('ada'), sessions.acquire('ada'), sessions.acquire('ada')];
    expect(held.every((r) => r !== null)).toBe(true);
    expect(sessions.acquire('ada')).toBeNull();
    expect(sessions.acquire('bob')).not.toBeNull();
  });

  it('frees a slot on release, so the next acquire succeeds', () => {
    const sessions = new ConcurrencyLimiter({ maxPerKey: 1 });
    const release = sessions.acquire('ada');
    expect(sessions.acquire('ada')).toBeNull();
    release?.();
    expect(sessions.acquire('ada')).not.toBeNull();
  });

  it('releasing twice frees one slot only, never another holder’s', () => {
    const sessions = new ConcurrencyLimiter({ maxPerKey: 2 });
    const first = sessions.acquire('ada');
    sessions.acquire('ada');
    first?.();
    first?.();
    first?.();
    expect(sessions.count('ada')).toBe(1);
    expect(sessions.acquire('ada')).not.toBeNull();
    expect(sessions.acquire('ada')).toBeNull();
  });

  it('removes keys that hold nothing, so the map only holds open sessions', () => {
    const sessions = new ConcurrencyLimiter({ maxPerKey: 3 });
    const releases = Array.from({ length: 1000 }, (_, i) => sessions.acquire(`user-${i}`));
    expect(sessions.size).toBe(1000);
    for (const release of releases) release?.();
    expect(sessions.size).toBe(0);
    expect(sessions.count('user-1')).toBe(0);
  });

  it('refuses new keys beyond maxKeys, while keys already holding slots may take more', () => {
    const sessions = new ConcurrencyLimiter({ maxPerKey: 2, maxKeys: 2 });
    const ada = sessions.acquire('ada');
    sessions.acquire('bob');
    expect(sessions.acquire('cyd')).toBeNull();
    expect(sessions.count('cyd')).toBe(0); // tells "relay full" apart from "cyd at her limit"
    expect(sessions.acquire('ada')).not.toBeNull();
    ada?.();
    expect(sessions.acquire('cyd')).toBeNull(); // ada still holds one
  });

  it('rejects invalid settings', () => {
    expect(() => new ConcurrencyLimiter({ maxPerKey: 0 })).toThrow(/maxPerKey/);
    expect(() => new ConcurrencyLimiter({ maxPerKey: 1, maxKeys: 1.5 })).toThrow(/maxKeys/);
  });
});
