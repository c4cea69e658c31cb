import { useEffect, useState } from 'react';
import type { UsageReport as Report } from '@parley/shared';
import { DebugTable } from '../DebugTable.tsx';
import { DayRangeFields } from './DayRangeFields.tsx';
import { formatMicros } from '../money.ts';
import { fetchUsage } from './admin-api.ts';
import { formatUnits, lastDays, plural, type DayRange } from './ops-format.ts';

const PRESETS = [1, 7, 30, 90] as const;

/**
 * Cost and usage from the usage ledger for a period of UTC days, summed by the relay's
 * database: by day, by user (the biggest spenders) and by provider with its units.
 */
export function UsageReport({ token }: { token: string }) {
  const [range, setRange] = useState<DayRange>(() => lastDays(7, Date.now()));
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Asking again for the same period (Refresh) bumps this.
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    fetchUsage(token, range, abort.signal).then(
      (r) => {
        setReport(r);
        setError(null);
      },
      (err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => abort.abort();
  }, [token, range, asked]);

  return (
    <section data-testid="ops-usage">
      <h2>Cost and usage</h2>
      <form
        className="ops-period"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked((n) => n + 1);
        }}
      >
        {PRESETS.map((days) => (
          <button key={days} type="button" onClick={() => setRange(lastDays(days, Date.now()))}>
            {days === 1 ? 'Today' : `${days} days`}
          </button>
        ))}
        <DayRangeFields range={range} onChange={setRange} />
        <button type="submit">Refresh</button>
      </form>
      {error && <p className="notice notice-error">{error}</p>}
      {report && (
        <>
          <p className="muted" data-testid="ops-usage-total">
            {report.from} to {report.to} (UTC): {formatMicros(report.total.costMicros)} in{' '}
            {plural(report.total.calls, 'provider call')} by {plural(report.users, 'user')}.
          </p>
          <div className="ops-grid">
            <DebugTable testId="ops-usage-days" headings={['Day', 'Cost', 'Calls']}>
              {report.byDay.map((d) => (
                <tr key={d.day}>
                  <td>{d.day}</td>
                  <td>{formatMicros(d.costMicros)}</td>
                  <td>{d.calls}</td>
                </tr>
              ))}
            </DebugTable>
            <DebugTable testId="ops-usage-users" headings={['User', 'Cost', 'Calls']}>
              {report.byUser.map((u) => (
                <tr key={u.userId}>
                  <td>{u.userId}</td>
                  <td>{formatMicros(u.costMicros)}</td>
                  <td>{u.calls}</td>
                </tr>
              ))}
            </DebugTable>
          </div>
          <DebugTable
            testId="ops-usage-providers"
            headings={['Stage', 'Provider', 'Cost', 'Calls', 'Units']}
          >
            {report.byProvider.map((p) => (
              <tr key={`${p.stage}-${p.provider}`}>
                <td>{p.stage}</td>
                <td>{p.provider}</td>
                <td>{formatMicros(p.costMicros)}</td>
                <td>{p.calls}</td>
                <td>{formatUnits(p.units)}</td>
              </tr>
            ))}
          </DebugTable>
        </>
      )}
    </section>
  );
}
