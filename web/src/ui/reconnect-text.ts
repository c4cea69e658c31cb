import type { UplinkState } from '../state/types.ts';

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * What the user is told of what they say while the connection is away: kept and sent when it
 * is back, up to the replay buffer's length; beyond it, that the oldest part is lost.
 */
export function keptText(uplink: UplinkState | null, inCall: boolean): string {
  const typed =
    uplink && uplink.typed > 0
      ? ` ${uplink.typed === 1 ? 'Your message is' : `Your ${uplink.typed} messages are`} kept and will be sent.`
      : '';
  if (!inCall) return typed.trim() || 'What you type is kept and will be sent.';
  if (!uplink) return 'What you say is kept and will be sent when it is back.';
  const limit = seconds(uplink.capacityMs);
  if (uplink.lostMs > 0)
    return `Only the last ${limit} of speech can be kept: ${seconds(uplink.lostMs)} of what you said will not be sent.${typed}`;
  if (uplink.keptMs > 0)
    return `What you say is kept and will be sent when it is back (${seconds(uplink.keptMs)} kept, up to ${limit}).${typed}`;
  return `What you say is kept and will be sent when it is back (up to ${limit}).${typed}`;
}
