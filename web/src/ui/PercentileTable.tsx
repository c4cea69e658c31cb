import { useIntl, type IntlShape } from 'react-intl';
import { formatMs as msIn } from '../i18n/format.ts';
import { DebugTable } from './DebugTable.tsx';

/** Milliseconds for people: "123 ms" (in the page's numbers), or "–" when unknown. */
export function formatMs(
  intl: IntlShape,
  x: number | null | undefined,
  fractionDigits = 0,
): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : msIn(intl, x, fractionDigits);
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
  const intl = useIntl();
  return (
    <DebugTable
      testId={testId}
      headings={[intl.formatMessage({ id: 'debug.col.stage' }), 'p50', 'p95', 'p99', 'n']}
    >
      {rows.map((r) => (
        <tr key={r.key}>
          <td>{r.label}</td>
          <td>{formatMs(intl, r.p50)}</td>
          <td>{formatMs(intl, r.p95)}</td>
          <td>{formatMs(intl, r.p99)}</td>
          <td>{r.count}</td>
        </tr>
      ))}
    </DebugTable>
  );
}
