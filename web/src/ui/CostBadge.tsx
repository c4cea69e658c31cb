import { useApp } from '../state/store.ts';
import { formatMicros } from './money.ts';

/** Live cost of the conversation (and of the day, on hover). */
export function CostBadge() {
  const session = useApp((s) => s.sessionCostMicros);
  const day = useApp((s) => s.userDayCostMicros);
  const connected = useApp((s) => s.connection === 'connected');
  if (!connected && session === 0) return null;
  return (
    <span
      className="cost"
      data-testid="session-cost"
      data-micros={session}
      title={`Today: ${formatMicros(day)}`}
    >
      {formatMicros(session)}
    </span>
  );
}
