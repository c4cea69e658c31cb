import { TARGET_TIMINGS, type LatencyTargetsReport } from '@parley/shared';
import { DebugTable } from '../DebugTable.tsx';
import { formatMs } from '../PercentileTable.tsx';
import { formatShare, TARGET_NAMES, targetVerdict, verdictText } from './ops-format.ts';
import { useIntl } from 'react-intl';

/**
 * Latency against the operators' targets over the latest sessions: average, p50/p90/p99, the
 * share of turns within the target, and whether it is met (p90 ≤ target).
 */
export function LatencyTargets({ report }: { report: LatencyTargetsReport | null }) {
  const intl = useIntl();
  const t = intl.formatMessage;
  return (
    <section data-testid="ops-targets">
      <h2>{t({ id: 'ops.targets' })}</h2>
      {report === null ? (
        <p className="muted">{t({ id: 'ops.targets.unreadable' })}</p>
      ) : (
        <>
          <p className="muted">
            {t(
              { id: 'ops.targets.summary' },
              {
                turns: t({ id: 'count.turns' }, { count: report.turns }),
                sessions: t({ id: 'count.sessions' }, { count: report.sessions }),
                window: report.windowSessions,
              },
            )}
          </p>
          <DebugTable
            testId="ops-targets-table"
            headings={[
              t({ id: 'ops.col.timing' }),
              t({ id: 'ops.col.target' }),
              t({ id: 'ops.col.avg' }),
              'p50',
              'p90',
              'p99',
              t({ id: 'ops.col.within' }),
              'n',
              t({ id: 'ops.col.verdict' }),
            ]}
          >
            {TARGET_TIMINGS.map((timing) => {
              const s = report.timings[timing];
              const verdict = targetVerdict(s);
              return (
                <tr key={timing} data-timing={timing} data-verdict={verdict}>
                  <td>{t({ id: TARGET_NAMES[timing] })}</td>
                  <td>{formatMs(intl, s.targetMs)}</td>
                  <td>{formatMs(intl, s.avgMs)}</td>
                  <td>{formatMs(intl, s.p50Ms)}</td>
                  <td>{formatMs(intl, s.p90Ms)}</td>
                  <td>{formatMs(intl, s.p99Ms)}</td>
                  <td>{formatShare(intl, s.withinShare)}</td>
                  <td>{s.count}</td>
                  <td className={`ops-verdict ops-verdict-${verdict.replace(' ', '-')}`}>
                    {verdictText(intl, verdict)}
                  </td>
                </tr>
              );
            })}
          </DebugTable>
        </>
      )}
    </section>
  );
}
