import { describe, expect, it } from 'vitest';
import { coverageSummarySchema, formatPackageTotals, packageTotals } from './package-totals.ts';

function metrics(total: number, covered: number) {
  const count = { total, covered, skipped: 0, pct: total === 0 ? 100 : (100 * covered) / total };
  return { lines: count, statements: count, functions: count, branches: count };
}

const root = '/repo';
const summary = coverageSummarySchema.parse({
  total: metrics(1000, 1000),
  '/repo/relay/src/a.ts': metrics(10, 5),
  '/repo/relay/src/b/c.ts': metrics(30, 30),
  '/repo/shared/src/d.ts': metrics(4, 1),
  '/repo/web/src/e.tsx': metrics(0, 0),
  '/repo/widget/src/g.ts': metrics(2, 2),
  '/elsewhere/f.ts': metrics(6, 0),
});

describe('packageTotals', () => {
  it('sums each package’s files, leaves out the reporter’s own total, and adds one over all', () => {
    const rows = packageTotals(summary, root);
    expect(
      rows.map((r) => [r.name, r.files, r.counts.lines.covered, r.counts.lines.total]),
    ).toEqual([
      ['shared', 1, 1, 4],
      ['relay', 2, 35, 40],
      ['web', 1, 0, 0],
      ['widget', 1, 2, 2],
      ['other', 1, 0, 6],
      ['all', 6, 38, 52],
    ]);
  });
});

describe('formatPackageTotals', () => {
  it('prints percent with covered/total per metric, and a dash where nothing counts', () => {
    const lines = formatPackageTotals(packageTotals(summary, root)).split('\n');
    expect(lines[0]).toMatch(/^package\s+files\s+lines\s+statements\s+functions\s+branches$/);
    expect(lines[2]).toMatch(/^relay\s+2\s+87\.5 % \(35\/40\)\s+87\.5 % \(35\/40\)/);
    expect(lines[3]).toMatch(/^web\s+1\s+— \(0\/0\)/);
    expect(lines[6]).toMatch(/^all\s+6\s+73\.1 % \(38\/52\)/);
  });
});
