import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyHeapGrowing } from './heap-growing.ts';

const MODULE = fileURLToPath(new URL('./heap-growing.ts', import.meta.url));

/**
 * The growth factors V8 used for its old-generation limit after full GCs in a fresh process
 * that applied `percent` at run time (V8 prints them with `--trace-gc-verbose`): V8 11 (Node 20)
 * at the end of its `Limit:` line, after its own `factor` line's heuristic one; V8 13 (Node 24)
 * in its `factor` line, the flag applied, and no longer in the `Limit:` line.
 */
function growthFactors(percent: number): number[] {
  const script = `
    import { applyHeapGrowing } from ${JSON.stringify(MODULE)};
    applyHeapGrowing(${percent});
    const kept = Array.from({ length: 20_000 }, (_, i) => ({ i, pad: new Array(100).fill(i) }));
    globalThis.gc();
    globalThis.gc();
    kept.length = 0;
  `;
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--trace-gc-verbose', '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const applied = [...out.matchAll(/\[HeapController\] Limit: .*\(([\d.]+)\)/g)];
  const factors =
    applied.length > 0
      ? applied
      : [...out.matchAll(/\[HeapController\] factor ([\d.]+) based on/g)];
  return factors.map((m) => Number(m[1]));
}

describe('applyHeapGrowing', () => {
  it('sets the growth V8 uses for the old generation after each full GC', () => {
    expect(growthFactors(200).slice(-2)).toEqual([3, 3]);
    expect(growthFactors(50).slice(-2)).toEqual([1.5, 1.5]);
  }, 60_000);

  it('refuses a negative or fractional percentage', () => {
    expect(() => applyHeapGrowing(-1)).toThrow(/whole number/);
    expect(() => applyHeapGrowing(1.5)).toThrow(/whole number/);
  });
});
