import { useApp } from '../state/store.ts';
import { statusLabel } from './connection-label.ts';
import './connection-status.css';

export function ConnectionStatus() {
  const connection = useApp((s) => s.connection);
  const detail = useApp((s) => s.connectionDetail);
  const reachable = useApp((s) => s.relayReachable);
  const { text, look } = statusLabel(connection, reachable, navigator.onLine);
  return (
    <span
      className={`status status-${look}`}
      data-testid="connection-status"
      data-state={connection}
      title={look === 'ready' ? 'Press Talk, or type a message, to start.' : (detail ?? undefined)}
    >
      <span className="status-dot" aria-hidden="true" />
      <span className="status-label">{text}</span>
      {detail ? <span className="status-detail"> · {detail}</span> : null}
    </span>
  );
}
