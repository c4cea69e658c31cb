import { describe, expect, it } from 'vitest';
import { concat } from './concat.ts';

describe('concat', () => {
  it('joins parts in order into one array of the kind asked for', () => {
    const joined = concat(Int16Array, [new Int16Array([1, 2]), [], new Int16Array([3])]);
    expect(joined).toBeInstanceOf(Int16Array);
    expect([...joined]).toEqual([1, 2, 3]);
    expect([...concat(Float32Array, [[0.5], [0.25]])]).toEqual([0.5, 0.25]);
    expect(concat(Uint8Array, [])).toEqual(new Uint8Array(0));
  });
});
