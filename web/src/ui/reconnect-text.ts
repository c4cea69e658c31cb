import type { IntlShape } from 'react-intl';
import { formatSeconds } from '../i18n/format.ts';
import type { UplinkState } from '../state/types.ts';

/**
 * What the user is told of what they say while the connection is away: kept and sent when it
 * is back, up to the replay buffer's length; beyond it, that the oldest part is lost.
 */
export function keptText(intl: IntlShape, uplink: UplinkState | null, inCall: boolean): string {
  const seconds = (ms: number) => formatSeconds(intl, ms);
  const typed =
    uplink && uplink.typed > 0
      ? ` ${intl.formatMessage({ id: 'reconnect.typed' }, { count: uplink.typed })}`
      : '';
  if (!inCall) return typed.trim() || intl.formatMessage({ id: 'reconnect.typing' });
  if (!uplink) return intl.formatMessage({ id: 'reconnect.speech' });
  const limit = seconds(uplink.capacityMs);
  if (uplink.lostMs > 0)
    return (
      intl.formatMessage({ id: 'reconnect.lost' }, { limit, lost: seconds(uplink.lostMs) }) + typed
    );
  if (uplink.keptMs > 0)
    return (
      intl.formatMessage({ id: 'reconnect.kept' }, { kept: seconds(uplink.keptMs), limit }) + typed
    );
  return intl.formatMessage({ id: 'reconnect.upTo' }, { limit }) + typed;
}
