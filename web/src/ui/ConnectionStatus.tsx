import { useApp } from '../state/store.ts';
import { statusLabel } from './connection-label.ts';
import './connection-status.css';
import { useIntl } from 'react-intl';

export function ConnectionStatus() {
  const intl = useIntl();
  const connection = useApp((s) => s.connection);
  const detail = useApp((s) => s.connectionDetail);
  const reachable = useApp((s) => s.relayReachable);
  const { text, look } = statusLabel(intl, connection, reachable, navigator.onLine);
  return (
    <span
      className={`status status-${look}`}
      data-testid="connection-status"
      data-state={connection}
      title={
        look === 'ready'
          ? intl.formatMessage({ id: 'connection.readyHint' })
          : (detail ?? undefined)
      }
    >
      <span className="status-dot" aria-hidden="true" />
      <span className="status-label">{text}</span>
      {detail ? <span className="status-detail"> · {detail}</span> : null}
    </span>
  );
}
