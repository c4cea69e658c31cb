// Prints the unit and integration suites' coverage per package (shared, relay, web) from the
// json-summary a `PARLEY_COVERAGE=1` vitest run writes, and keeps the same table beside it in
// coverage/packages.txt. The per-file table is coverage/coverage.txt.
//
//   node --import tsx scripts/coverage-summary.ts [coverage/coverage-summary.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  coverageSummarySchema,
  formatPackageTotals,
  packageTotals,
} from './coverage-totals/package-totals.ts';

const root = resolve(import.meta.dirname, '..');
const file = resolve(process.argv[2] ?? join(root, 'coverage', 'coverage-summary.json'));

const out = dirname(file);
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch {
  process.stderr.write(
    `No coverage summary at ${file}: run vitest with PARLEY_COVERAGE=1 first.\n`,
  );
  process.exit(1);
}
const table = formatPackageTotals(
  packageTotals(coverageSummarySchema.parse(JSON.parse(text)), root),
);
writeFileSync(join(out, 'packages.txt'), `${table}\n`);
process.stdout.write(
  `── coverage of the unit and integration suites (per file: ${join(out, 'coverage.txt')}) ──\n` +
    `${table}\n`,
);
