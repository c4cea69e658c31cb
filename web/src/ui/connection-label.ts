import type { IntlShape } from 'react-intl';
import type { MessageId } from '../i18n/intl.ts';
import type { ConnectionState } from '../state/store.ts';

const LABELS = {
  idle: 'connection.idle',
  connecting: 'connection.connecting',
  connected: 'connection.connected',
  reconnecting: 'connection.reconnecting',
  unreachable: 'connection.unreachable',
  offline: 'connection.offline',
} as const satisfies Record<ConnectionState, MessageId>;

/** What the header's status says, and the look it takes (its dot's colour). */
export interface StatusLabel {
  text: string;
  /** `ready`: no conversation yet, the relay answers — a start, not a fault. */
  look: ConnectionState | 'ready' | 'checking';
}

/**
 * The connection in words. Before any conversation it says whether one can start: "Ready" once
 * the relay answered its health check, "Relay unreachable" when it did not, "Checking…" while
 * it is asked (a new user saw a grey "Not connected" on a healthy start). "Offline" only when
 * the browser is: a connection that ended on a working network is "Disconnected". A start that
 * found no relay says "Relay unreachable" until the relay answers its health check again, then
 * "Ready".
 */
export function statusLabel(
  intl: IntlShape,
  connection: ConnectionState,
  relayReachable: boolean | null,
  browserOnline: boolean,
): StatusLabel {
  const say = (id: MessageId) => intl.formatMessage({ id });
  if (connection === 'idle') {
    if (relayReachable === true) return { text: say('connection.ready'), look: 'ready' };
    if (relayReachable === false) return { text: say(LABELS.unreachable), look: 'unreachable' };
    return { text: say('connection.checking'), look: 'checking' };
  }
  if (connection === 'offline' && browserOnline)
    return { text: say('connection.disconnected'), look: 'offline' };
  // A start that found no relay, which answers again since: no call runs, and one can start.
  if (connection === 'unreachable' && relayReachable === true)
    return { text: say('connection.ready'), look: 'ready' };
  return { text: say(LABELS[connection]), look: connection };
}
