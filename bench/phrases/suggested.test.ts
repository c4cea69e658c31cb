import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CANNOT_ANSWER, respond } from '../../relay/src/providers/embedded/offline/responder.ts';
import { SUGGESTED_PHRASES } from '../../web/src/ui/empty-hint.ts';
import { VOICES } from './candidates.ts';
import { MEASUREMENTS } from './measurements.ts';
import { heard, MIN_RUNS_PER_VOICE, SUGGEST_AT, type PhraseRow } from './report.ts';

/** The last `pnpm bench:phrases` run of a measurement (bench/results/NAME.json). */
const rowsOf = (name: string) =>
  (
    JSON.parse(readFileSync(new URL(`../results/${name}.json`, import.meta.url), 'utf8')) as {
      rows: PhraseRow[];
    }
  ).rows;

describe('the phrases the empty screen suggests', () => {
  // Without this an empty list would pass (`it.each` over nothing runs nothing).
  it('are some', () => {
    expect(SUGGESTED_PHRASES.length).toBeGreaterThanOrEqual(2);
  });

  describe.each(MEASUREMENTS)('measured as $name ($what)', ({ name, command }) => {
    it.each(SUGGESTED_PHRASES)(
      '"%s" was heard exactly in 19 runs of 20 or more, five runs or more in each of the four voices',
      (phrase) => {
        const row = rowsOf(name).find((r) => r.phrase === phrase);
        expect(row, `${phrase} was measured: ${command}`).toBeDefined();
        const { share, fewestRuns } = heard(row, VOICES);
        expect(fewestRuns, 'runs in the voice run least').toBeGreaterThanOrEqual(
          MIN_RUNS_PER_VOICE,
        );
        expect(share).toBeGreaterThanOrEqual(SUGGEST_AT);
      },
    );
  });

  it.each(SUGGESTED_PHRASES)('"%s" is answered by the offline responder', async (phrase) => {
    const answer = await respond([{ role: 'user', content: phrase }], { now: 0, timeZone: 'UTC' });
    expect(answer).not.toBe(CANNOT_ANSWER);
  });
});
