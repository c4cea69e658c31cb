import { UPLINK_BITRATES } from '@parley/shared';
import type { IntlShape } from 'react-intl';
import type { AudioLine } from '../../state/types.ts';

/**
 * How the call's audio travels, in one line of the latency panel: "audio up Opus 16 kbit/s
 * (backlog; next 12 kbit/s) · down Opus 24 kbit/s, WebCodecs · mic 44.1 kHz (device 48 kHz)",
 * or PCM16 either way. The microphone's rate is the capture graph's, which phones and Bluetooth
 * headsets set (16, 24, 44.1 or 48 kHz); the device's where the browser reports it.
 */
export function audioLine(intl: IntlShape, a: AudioLine): string {
  const kbit = (b: number | undefined) =>
    b === undefined
      ? ''
      : ` ${intl.formatMessage({ id: 'audio.kbit' }, { n: intl.formatNumber(Math.round(b / 1000)) })}`;
  const khz = (hz: number) =>
    intl.formatMessage(
      { id: 'audio.khz' },
      { n: intl.formatNumber(hz / 1000, { maximumFractionDigits: 1 }) },
    );
  const notes = [
    // Why it is below the best (back at the best, the reason no longer matters).
    ...(a.upReason && a.upBitrate !== UPLINK_BITRATES[0] ? [a.upReason] : []),
    ...(a.nextUpBitrate !== undefined && a.nextUpBitrate !== a.upBitrate
      ? [intl.formatMessage({ id: 'audio.next' }, { rate: kbit(a.nextUpBitrate).trim() })]
      : []),
  ];
  const up =
    a.up === 'opus'
      ? `Opus${kbit(a.upBitrate)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`
      : 'PCM16';
  const down =
    a.down === 'opus'
      ? `Opus${kbit(a.downBitrate)}, ${a.decoder === 'webcodecs' ? 'WebCodecs' : 'WebAssembly'}`
      : 'PCM16';
  const device =
    a.deviceRateHz !== undefined && a.deviceRateHz !== a.captureRateHz
      ? ` ${intl.formatMessage({ id: 'audio.device' }, { rate: khz(a.deviceRateHz) })}`
      : '';
  const mic =
    a.captureRateHz === undefined
      ? ''
      : ` ${intl.formatMessage({ id: 'audio.mic' }, { rate: khz(a.captureRateHz) })}${device}`;
  return `${intl.formatMessage({ id: 'audio.line' }, { up, down })}${mic}`;
}
