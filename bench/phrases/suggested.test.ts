import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUGGESTED_PHRASES } from '../../web/src/ui/empty-hint.ts';
import { SUGGEST_AT, type PhraseRow } from './report.ts';

/** The last `pnpm bench:phrases` run. */
const results = JSON.parse(
  readFileSync(new URL('../results/phrases.json', import.meta.url), 'utf8'),
) as { rows: PhraseRow[] };

describe('the phrases the empty screen suggests', () => {
  it.each(SUGGESTED_PHRASES)('"%s" was heard exactly in 90 %% of runs or more', (phrase) => {
    const row = results.rows.find((r) => r.phrase === phrase);
    expect(row, `${phrase} was measured`).toBeDefined();
    expect(row?.rate).toBeGreaterThanOrEqual(SUGGEST_AT);
  });
});
