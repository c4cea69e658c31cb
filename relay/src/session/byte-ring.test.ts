import { describe, expect, it } from 'vitest';
import { ByteRing } from './byte-ring.ts';

const bytes = (from: number, n: number) =>
  Uint8Array.from({ length: n }, (_, i) => (from + i) % 256);

describe('ByteRing', () => {
  it('keeps pieces first in, first out, wrapping around its buffer without growing', () => {
    const ring = new ByteRing(16);
    const a = ring.push(bytes(0, 10));
    expect(ring.capacity).toBe(16);
    ring.shift(10);
    // 10 bytes free at the end and 6 at the start: this piece wraps.
    const b = ring.push(bytes(100, 12));
    expect(ring.capacity).toBe(16);
    expect([a, b]).toEqual([0, 10]);
    expect(ring.read(b, 12)).toEqual(bytes(100, 12));
    expect(() => ring.read(a, 10)).toThrow(RangeError);
  });

  it('grows when full, and pieces keep their positions, wrapped or not', () => {
    const ring = new ByteRing(8);
    ring.push(bytes(0, 6));
    ring.shift(6);
    const wrapped = ring.push(bytes(50, 6)); // positions 6..12: wraps at 8
    const more = ring.push(bytes(200, 9)); // 15 bytes kept: grows to 16
    expect(ring.capacity).toBe(16);
    expect(ring.read(wrapped, 6)).toEqual(bytes(50, 6));
    expect(ring.read(more, 9)).toEqual(bytes(200, 9));
    const big = ring.push(bytes(7, 40)); // 55 kept: 64
    expect(ring.capacity).toBe(64);
    expect(ring.read(wrapped, 6)).toEqual(bytes(50, 6));
    expect(ring.read(big, 40)).toEqual(bytes(7, 40));
    expect(ring.length).toBe(55);
  });

  it('reads copies, not views of its buffer', () => {
    const ring = new ByteRing(8);
    const at = ring.push(bytes(1, 4));
    const copy = ring.read(at, 4);
    copy.fill(0);
    expect(ring.read(at, 4)).toEqual(bytes(1, 4));
  });

  it('refuses to drop more than it keeps, and lets a grown buffer go once empty', () => {
    const ring = new ByteRing(4);
    ring.push(bytes(0, 100));
    expect(() => ring.shift(101)).toThrow(RangeError);
    ring.release(64);
    expect(ring.capacity).toBe(128); // still holds the piece
    ring.shift(100);
    ring.release(64);
    expect(ring.capacity).toBe(0);
    const at = ring.push(bytes(9, 3));
    expect(ring.capacity).toBe(4);
    expect(ring.read(at, 3)).toEqual(bytes(9, 3));
  });
});
