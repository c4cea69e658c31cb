import { useApp } from '../state/store.ts';

const LABELS = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const;

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
      <span className="status-label">{LABELS[connection]}</span>
      {detail ? <span className="status-detail"> · {detail}</span> : null}
    </span>
  );
}
