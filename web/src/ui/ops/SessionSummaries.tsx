import { useEffect, useState } from 'react';
import type { SessionMetricsLine } from '@parley/shared';
import { DebugTable } from '../DebugTable.tsx';
import { DayRangeFields } from './DayRangeFields.tsx';
import { download } from '../history/conversation-export.ts';
import { formatMicros } from '../../i18n/format.ts';
import { useIntl } from 'react-intl';
import type { MessageId } from '../../i18n/intl.ts';
import { exportSessionMetrics, fetchLatestSessions } from './admin-api.ts';
import { formatDuration, formatTimingStats, lastDays, type DayRange } from './ops-format.ts';

const SHOWN = 10;
const REFRESH_MS = 10_000;

/**
 * The sessions that ended last, each with the summary stored when it ended, and the export of
 * every ended session's metrics for a period as JSON Lines (admin only).
 */
export function SessionSummaries({ token }: { token: string }) {
  const intl = useIntl();
  const t = (id: MessageId) => intl.formatMessage({ id });
  const when = (ms: number) => intl.formatDate(ms, { dateStyle: 'short', timeStyle: 'medium' });
  const [sessions, setSessions] = useState<SessionMetricsLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [range, setRange] = useState<DayRange>(() => lastDays(7, Date.now()));
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    const load = () =>
      fetchLatestSessions(token, SHOWN, abort.signal).then(
        (list) => {
          setSessions(list.sessions);
          setError(null);
        },
        (err: unknown) => {
          if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
        },
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      abort.abort();
      clearInterval(timer);
    };
  }, [token]);

  const exportLines = async () => {
    setExporting(true);
    try {
      const { name, text } = await exportSessionMetrics(token, range);
      download(name, 'application/x-ndjson', text);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <section data-testid="ops-sessions-ended">
      <h2>{t('ops.ended')}</h2>
      {error && <p className="notice notice-error">{error}</p>}
      {sessions === null ? (
        <p className="muted">{t('page.loading')}</p>
      ) : (
        <DebugTable
          testId="ops-session-summaries"
          headings={[
            t('ops.col.ended'),
            t('ops.col.user'),
            t('ops.col.length'),
            t('ops.col.turns'),
            t('ops.col.failed'),
            t('ops.col.bargeIns'),
            t('ops.col.v2v'),
            t('ops.col.cost'),
          ]}
        >
          {sessions.map((s) => (
            <tr key={s.sessionId} data-session={s.sessionId}>
              <td>{when(s.endedAt)}</td>
              <td>{s.userId}</td>
              <td>{formatDuration(intl, s.durationMs)}</td>
              <td>{s.metrics?.turns ?? s.turnCount}</td>
              <td>{s.metrics?.failed ?? '–'}</td>
              <td>{s.metrics?.bargeIns ?? '–'}</td>
              <td>{formatTimingStats(intl, s.metrics?.voiceToVoiceMs)}</td>
              <td>{formatMicros(intl, s.costMicros)}</td>
            </tr>
          ))}
        </DebugTable>
      )}
      <form
        className="ops-period"
        onSubmit={(e) => {
          e.preventDefault();
          void exportLines();
        }}
      >
        <DayRangeFields range={range} onChange={setRange} />
        <button type="submit" data-testid="ops-export-metrics" disabled={exporting}>
          {t(exporting ? 'ops.exporting' : 'ops.exportMetrics')}
        </button>
      </form>
    </section>
  );
}
