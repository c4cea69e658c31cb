import { expectedTranscript } from './candidates.ts';

/** One browser run of one phrase in one voice. */
export interface PhraseRun {
  phrase: string;
  voice: string;
  heard: string;
}

export interface PhraseRow {
  phrase: string;
  /** Exact recognitions per voice: [exact, runs]. */
  byVoice: Record<string, [number, number]>;
  exact: number;
  runs: number;
  /** Share recognised exactly (0–1). */
  rate: number;
  /** What was heard instead, with counts. */
  misheard: Record<string, number>;
}

/** Share of exact recognitions a phrase needs to be suggested on the empty screen (issue 45). */
export const SUGGEST_AT = 0.95;

/** Runs in each voice a phrase needs to be suggested: at three, 95 % was one lucky run. */
export const MIN_RUNS_PER_VOICE = 5;

/**
 * A phrase's exact recognitions over `voices`, counted from each voice's cell (a voice not run
 * counts as none), and the fewest runs any voice had.
 */
export function heard(
  row: PhraseRow | undefined,
  voices: readonly string[],
): { share: number; fewestRuns: number } {
  const cells = voices.map((v): [number, number] => row?.byVoice[v] ?? [0, 0]);
  const exact = cells.reduce((n, [e]) => n + e, 0);
  const runs = cells.reduce((n, [, r]) => n + r, 0);
  return { share: runs === 0 ? 0 : exact / runs, fewestRuns: Math.min(...cells.map(([, r]) => r)) };
}

/** Whether the empty screen may suggest a phrase measured as `row`. */
export function suggestable(row: PhraseRow | undefined, voices: readonly string[]): boolean {
  const { share, fewestRuns } = heard(row, voices);
  return share >= SUGGEST_AT && fewestRuns >= MIN_RUNS_PER_VOICE;
}

export function summarise(runs: readonly PhraseRun[], voices: readonly string[]): PhraseRow[] {
  const rows = new Map<string, PhraseRow>();
  for (const r of runs) {
    let row = rows.get(r.phrase);
    if (!row) {
      row = { phrase: r.phrase, byVoice: {}, exact: 0, runs: 0, rate: 0, misheard: {} };
      for (const v of voices) row.byVoice[v] = [0, 0];
      rows.set(r.phrase, row);
    }
    // As words: Moonshine writes "Good morning." where PocketSphinx prints "good morning".
    const ok = expectedTranscript(r.heard) === expectedTranscript(r.phrase);
    const cell = row.byVoice[r.voice] ?? [0, 0];
    row.byVoice[r.voice] = [cell[0] + (ok ? 1 : 0), cell[1] + 1];
    row.runs++;
    if (ok) row.exact++;
    else {
      const key = `${r.voice}: ${r.heard || '(nothing)'}`;
      row.misheard[key] = (row.misheard[key] ?? 0) + 1;
    }
    row.rate = row.exact / row.runs;
  }
  return [...rows.values()];
}

/** The table, as markdown. */
export function table(rows: readonly PhraseRow[], voices: readonly string[]): string {
  const head = `| phrase | ${voices.join(' | ')} | exact | suggested |`;
  const rule = `| --- | ${voices.map(() => '---:').join(' | ')} | ---: | :---: |`;
  const lines = rows.map(
    (r) =>
      `| ${r.phrase} | ${voices.map((v) => `${r.byVoice[v]?.[0] ?? 0}/${r.byVoice[v]?.[1] ?? 0}`).join(' | ')} | ${Math.round(r.rate * 100)} % | ${suggestable(r, voices) ? 'yes' : 'no'} |`,
  );
  return [head, rule, ...lines].join('\n');
}

/** What was heard instead, phrase by phrase, as a markdown list. */
export function misheard(rows: readonly PhraseRow[]): string {
  const lines = rows
    .filter((r) => Object.keys(r.misheard).length > 0)
    .map(
      (r) =>
        `- "${r.phrase}": ${Object.entries(r.misheard)
          .map(([k, n]) => `${k}${n > 1 ? ` (×${n})` : ''}`)
          .join('; ')}`,
    );
  return lines.length > 0 ? lines.join('\n') : '- nothing: every run was heard exactly';
}
