import { useApp } from '../state/store.ts';

const LABELS = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  unreachable: 'Relay unreachable',
  offline: 'Offline',
} as const;

/** "Offline" only when the browser is: a connection that ended on a working network is not. */
const label = (state: keyof typeof LABELS) =>
  state === 'offline' && navigator.onLine ? 'Disconnected' : LABELS[state];

export function ConnectionStatus() {
  const connection = useApp((s) => s.connection);
  const detail = useApp((s) => s.connectionDetail);
  return (
    <span
      className={`status status-${connection}`}
      data-testid="connection-status"
      data-state={connection}
      title={detail ?? undefined}
    >
      <span className="status-dot" aria-hidden="true" />
      <span className="status-label">{label(connection)}</span>
      {detail ? <span className="status-detail"> · {detail}</span> : null}
    </span>
  );
}
