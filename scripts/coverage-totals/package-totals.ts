import { z } from 'zod';

/** One metric of istanbul's json-summary: counts of source units, and the share covered. */
const metricSchema = z.object({ total: z.number(), covered: z.number() });

const fileSummarySchema = z.object({
  lines: metricSchema,
  statements: metricSchema,
  functions: metricSchema,
  branches: metricSchema,
});

/** coverage/coverage-summary.json as istanbul's `json-summary` reporter writes it. */
export const coverageSummarySchema = z.record(z.string(), fileSummarySchema);

/** The metrics summed, in the order they are printed. */
export const METRICS = ['lines', 'statements', 'functions', 'branches'] as const;
type Metric = (typeof METRICS)[number];

/** Counts summed over a package's files. */
export interface PackageTotals {
  /** A workspace package (`shared`, `relay`, `client`, `web`, `widget`), or `other`. */
  name: string;
  files: number;
  counts: Record<Metric, { total: number; covered: number }>;
}

/** The workspace packages, in print order; anything else falls in `other`. */
const PACKAGES = ['shared', 'relay', 'client', 'web', 'widget'] as const;

function packageOf(file: string, root: string): string {
  const relative = file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
  const top = relative.split('/')[0] ?? '';
  return (PACKAGES as readonly string[]).includes(top) ? top : 'other';
}

function emptyCounts(): PackageTotals['counts'] {
  return {
    lines: { total: 0, covered: 0 },
    statements: { total: 0, covered: 0 },
    functions: { total: 0, covered: 0 },
    branches: { total: 0, covered: 0 },
  };
}

/**
 * Sums a json-summary per package (the `total` entry is the reporter's own sum, left out), then
 * adds a last row, `all`, over every file.
 *
 * @param summary parsed coverage-summary.json (keys are absolute paths, and `total`)
 * @param root the workspace's absolute path, without a trailing slash
 */
export function packageTotals(
  summary: z.infer<typeof coverageSummarySchema>,
  root: string,
): PackageTotals[] {
  const byName = new Map<string, PackageTotals>();
  const all: PackageTotals = { name: 'all', files: 0, counts: emptyCounts() };
  for (const [file, metrics] of Object.entries(summary)) {
    if (file === 'total') continue;
    const name = packageOf(file, root);
    const totals = byName.get(name) ?? { name, files: 0, counts: emptyCounts() };
    byName.set(name, totals);
    for (const row of [totals, all]) {
      row.files += 1;
      for (const metric of METRICS) {
        row.counts[metric].total += metrics[metric].total;
        row.counts[metric].covered += metrics[metric].covered;
      }
    }
  }
  const order = [...PACKAGES, 'other'];
  const rows = [...byName.values()].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return [...rows, all];
}

/** A share in percent with one decimal; a package with nothing to count reads as "—". */
function percent(count: { total: number; covered: number }): string {
  return count.total === 0 ? '—' : `${((100 * count.covered) / count.total).toFixed(1)} %`;
}

/** The totals as an aligned plain-text table: one row per package, covered/total and percent. */
export function formatPackageTotals(rows: readonly PackageTotals[]): string {
  const header = ['package', 'files', ...METRICS];
  const body = rows.map((row) => [
    row.name,
    String(row.files),
    ...METRICS.map((metric) => {
      const count = row.counts[metric];
      return `${percent(count)} (${count.covered}/${count.total})`;
    }),
  ]);
  const widths = header.map((_, i) =>
    Math.max(...[header, ...body].map((cells) => (cells[i] ?? '').length)),
  );
  return [header, ...body]
    .map((cells) =>
      cells
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
