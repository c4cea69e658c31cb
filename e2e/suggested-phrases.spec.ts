import { readFileSync } from 'node:fs';
import { heard, MIN_RUNS_PER_VOICE, SUGGEST_AT, type PhraseRow } from '../bench/phrases/report.ts';
import { VOICES } from '../bench/phrases/candidates.ts';
import { MEASUREMENTS } from '../bench/phrases/measurements.ts';
import { expect, test } from './mic-test.ts';

// What the page suggests is what `pnpm bench:phrases` heard exactly in 95 % of runs or more,
// five runs or more in each of Flite's four voices, in every measurement of
// bench/phrases/measurements.ts (a fresh relay, a relay in use, Moonshine writing)
// (docs/decisions.md#the-first-screen-suggests-only-phrases-heard-19-times-in-20).

test.use({ micFile: 'quiet' });

/** The last `pnpm bench:phrases` run of each measurement a suggested phrase must pass. */
const measured = MEASUREMENTS.map(({ name, command }) => ({
  name,
  command,
  rows: (
    JSON.parse(readFileSync(new URL(`../bench/results/${name}.json`, import.meta.url), 'utf8')) as {
      rows: PhraseRow[];
    }
  ).rows,
}));

test('the empty screen suggests only phrases the recognisers hear in 95 % of runs: on a fresh relay, on one in use, with Moonshine writing', async ({
  page,
}) => {
  await page.goto('/');
  const hint = page.getByText(/^Press Talk and say something, like /);
  await expect(hint).toBeVisible();
  const suggested = [...((await hint.textContent()) ?? '').matchAll(/“([^”]+)”/g)].map(
    (m) => m[1] ?? '',
  );
  expect(suggested.length, 'phrases suggested').toBeGreaterThanOrEqual(2);
  for (const phrase of suggested)
    for (const { name, command, rows } of measured) {
      const row = rows.find((r) => r.phrase === phrase);
      expect(row, `"${phrase}" was measured as ${name}: ${command}`).toBeDefined();
      const { share, fewestRuns } = heard(row, VOICES);
      expect(fewestRuns, `"${phrase}" (${name}): runs per voice`).toBeGreaterThanOrEqual(
        MIN_RUNS_PER_VOICE,
      );
      expect(share, `"${phrase}" (${name}): heard exactly`).toBeGreaterThanOrEqual(SUGGEST_AT);
    }
});
