import { useApp } from '../state/store.ts';
import { useIntl } from 'react-intl';
import { formatMicros } from '../i18n/format.ts';

/** Live cost of the conversation (and of the day, on hover). */
export function CostBadge() {
  const intl = useIntl();
  const session = useApp((s) => s.sessionCostMicros);
  const day = useApp((s) => s.userDayCostMicros);
  const connected = useApp((s) => s.connection === 'connected');
  if (!connected && session === 0) return null;
  return (
    <span
      className="cost"
      data-testid="session-cost"
      data-micros={session}
      title={intl.formatMessage({ id: 'cost.today' }, { amount: formatMicros(intl, day) })}
    >
      {formatMicros(intl, session)}
    </span>
  );
}
