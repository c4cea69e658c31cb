import type { OpsWatchdogs } from '@parley/shared';
import { opsAlerts } from './ops-alerts.ts';
import { useIntl } from 'react-intl';

/**
 * The relay's active alerts (memory high, turns stuck, event-loop stalls), from its watchdogs
 * as of the overview made at `atMs`; one quiet line when there are none.
 */
export function OpsAlerts({ watchdogs, atMs }: { watchdogs: OpsWatchdogs; atMs: number }) {
  const intl = useIntl();
  const alerts = opsAlerts(intl, watchdogs, atMs);
  return (
    <section className="ops-alerts" data-testid="ops-alerts" aria-live="polite">
      {alerts.length === 0 ? (
        <p className="muted">{intl.formatMessage({ id: 'ops.noAlerts' })}</p>
      ) : (
        alerts.map((a) => (
          <p key={a.key} className={`notice notice-${a.level}`} data-alert={a.key}>
            {a.text}
          </p>
        ))
      )}
    </section>
  );
}
