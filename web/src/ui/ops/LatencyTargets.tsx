import { TARGET_TIMINGS, type LatencyTargetsReport } from '@parley/shared';
import { DebugTable } from '../DebugTable.tsx';
import { formatMs } from '../PercentileTable.tsx';
import { formatShare, plural, TARGET_NAMES, targetVerdict } from './ops-format.ts';

/**
 * Latency against the operators' targets over the latest sessions: average, p50/p90/p99, the
 * share of turns within the target, and whether it is met (p90 ≤ target).
 */
export function LatencyTargets({ report }: { report: LatencyTargetsReport | null }) {
  return (
    <section data-testid="ops-targets">
      <h2>Latency targets</h2>
      {report === null ? (
        <p className="muted">The relay could not read the latest turns from storage.</p>
      ) : (
        <>
          <p className="muted">
            {plural(report.turns, 'turn')} of the last {plural(report.sessions, 'session')} with
            turns (the window holds {report.windowSessions}); a target is met when p90 is within it.
          </p>
          <DebugTable
            testId="ops-targets-table"
            headings={['Timing', 'Target', 'Avg', 'p50', 'p90', 'p99', 'Within', 'n', 'Verdict']}
          >
            {TARGET_TIMINGS.map((timing) => {
              const s = report.timings[timing];
              const verdict = targetVerdict(s);
              return (
                <tr key={timing} data-timing={timing} data-verdict={verdict}>
                  <td>{TARGET_NAMES[timing]}</td>
                  <td>{formatMs(s.targetMs)}</td>
                  <td>{formatMs(s.avgMs)}</td>
                  <td>{formatMs(s.p50Ms)}</td>
                  <td>{formatMs(s.p90Ms)}</td>
                  <td>{formatMs(s.p99Ms)}</td>
                  <td>{formatShare(s.withinShare)}</td>
                  <td>{s.count}</td>
                  <td className={`ops-verdict ops-verdict-${verdict.replace(' ', '-')}`}>
                    {verdict}
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
