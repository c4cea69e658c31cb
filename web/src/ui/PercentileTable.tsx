import { DebugTable } from './DebugTable.tsx';

/** Milliseconds for people: "123 ms", or "–" when unknown. */
export function formatMs(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${Math.round(x)} ms`;
}

export interface PercentileRow {
  key: string;
  label: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  count: number;
}

/** A stage-by-stage table of p50 / p95 / p99 and sample counts (debug panel, ops dashboard). */
export function PercentileTable({ rows, testId }: { rows: PercentileRow[]; testId: string }) {
  return (
    <DebugTable testId={testId} headings={['Stage', 'p50', 'p95', 'p99', 'n']}>
      {rows.map((r) => (
        <tr key={r.key}>
          <td>{r.label}</td>
          <td>{formatMs(r.p50)}</td>
          <td>{formatMs(r.p95)}</td>
          <td>{formatMs(r.p99)}</td>
          <td>{r.count}</td>
        </tr>
      ))}
    </DebugTable>
  );
}
