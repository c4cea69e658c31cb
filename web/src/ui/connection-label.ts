import type { ConnectionState } from '../state/store.ts';

const LABELS = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  unreachable: 'Relay unreachable',
  offline: 'Offline',
} as const satisfies Record<ConnectionState, string>;

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
 * the browser is: a connection that ended on a working network is "Disconnected".
 */
export function statusLabel(
  connection: ConnectionState,
  relayReachable: boolean | null,
  browserOnline: boolean,
): StatusLabel {
  if (connection === 'idle') {
    if (relayReachable === true) return { text: 'Ready', look: 'ready' };
    if (relayReachable === false) return { text: LABELS.unreachable, look: 'unreachable' };
    return { text: 'Checking…', look: 'checking' };
  }
  if (connection === 'offline' && browserOnline) return { text: 'Disconnected', look: 'offline' };
  return { text: LABELS[connection], look: connection };
}
