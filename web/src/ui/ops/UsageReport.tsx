import { useEffect, useState } from 'react';
import type { UsageReport as Report } from '@parley/shared';
import { DebugTable } from '../DebugTable.tsx';
import { DayRangeFields } from './DayRangeFields.tsx';
import { formatMicros } from '../../i18n/format.ts';
import { useIntl } from 'react-intl';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';
import { fetchUsage } from './admin-api.ts';
import { formatUnits, lastDays, type DayRange } from './ops-format.ts';

const PRESETS = [1, 7, 30, 90] as const;

/**
 * Cost and usage from the usage ledger for a period of UTC days, summed by the relay's
 * database: by day, by user (the biggest spenders) and by provider with its units.
 */
export function UsageReport({ token }: { token: string }) {
  const intl = useIntl();
  const t = (id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values);
  const money = (micros: number) => formatMicros(intl, micros);
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
      <h2>{t('ops.usage')}</h2>
      <form
        className="ops-period"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked((n) => n + 1);
        }}
      >
        {PRESETS.map((days) => (
          <button key={days} type="button" onClick={() => setRange(lastDays(days, Date.now()))}>
            {days === 1 ? t('ops.today') : t('ops.days', { days })}
          </button>
        ))}
        <DayRangeFields range={range} onChange={setRange} />
        <button type="submit">{t('ops.refresh')}</button>
      </form>
      {error && <p className="notice notice-error">{error}</p>}
      {report && (
        <>
          <p className="muted" data-testid="ops-usage-total">
            {t('ops.usageTotal', {
              from: report.from,
              to: report.to,
              cost: money(report.total.costMicros),
              calls: t('count.providerCalls', { count: report.total.calls }),
              users: t('count.users', { count: report.users }),
            })}
          </p>
          <div className="ops-grid">
            <DebugTable
              testId="ops-usage-days"
              headings={[t('ops.col.day'), t('ops.col.cost'), t('ops.col.callsCount')]}
            >
              {report.byDay.map((d) => (
                <tr key={d.day}>
                  <td>{d.day}</td>
                  <td>{money(d.costMicros)}</td>
                  <td>{d.calls}</td>
                </tr>
              ))}
            </DebugTable>
            <DebugTable
              testId="ops-usage-users"
              headings={[t('ops.col.user'), t('ops.col.cost'), t('ops.col.callsCount')]}
            >
              {report.byUser.map((u) => (
                <tr key={u.userId}>
                  <td>{u.userId}</td>
                  <td>{money(u.costMicros)}</td>
                  <td>{u.calls}</td>
                </tr>
              ))}
            </DebugTable>
          </div>
          <DebugTable
            testId="ops-usage-providers"
            headings={[
              t('ops.col.stage'),
              t('ops.col.provider'),
              t('ops.col.cost'),
              t('ops.col.callsCount'),
              t('ops.col.units'),
            ]}
          >
            {report.byProvider.map((p) => (
              <tr key={`${p.stage}-${p.provider}`}>
                <td>{p.stage}</td>
                <td>{p.provider}</td>
                <td>{money(p.costMicros)}</td>
                <td>{p.calls}</td>
                <td>{formatUnits(intl, p.units)}</td>
              </tr>
            ))}
          </DebugTable>
        </>
      )}
    </section>
  );
}
