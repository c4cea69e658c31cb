import type { IntlShape } from 'react-intl';

/** One choice of a device picker. */
export interface DeviceOption {
  value: string;
  label: string;
}

/** The parts of a `MediaDeviceInfo` a picker reads. */
interface ListedDevice {
  kind: string;
  deviceId: string;
  label: string;
}

/**
 * The choices for a `kind` picker, in the browser's order: Chromium lists its `default` entry
 * (the system's choice) first; where the browser has none, "System default" (value '') leads.
 * Before the page may use the microphone, devices come without ids or names: only the default
 * is offered then.
 */
export function deviceOptions(
  intl: IntlShape,
  list: readonly ListedDevice[],
  kind: 'audioinput' | 'audiooutput',
): DeviceOption[] {
  const devices = list.filter((d) => d.kind === kind && d.deviceId !== '');
  const numbered =
    kind === 'audioinput' ? 'devices.numbered.microphone' : 'devices.numbered.speaker';
  const options = devices.map((d, i) => ({
    value: d.deviceId,
    label: d.label || intl.formatMessage({ id: numbered }, { n: i + 1 }),
  }));
  if (!devices.some((d) => d.deviceId === 'default'))
    options.unshift({ value: '', label: intl.formatMessage({ id: 'devices.systemDefault' }) });
  return options;
}

/** The option a picker shows: the first of `candidates` it offers, else its first option. */
export function shownOption(
  options: readonly DeviceOption[],
  candidates: readonly (string | null | undefined)[],
): string {
  for (const c of candidates)
    if (c !== null && c !== undefined && options.some((o) => o.value === c)) return c;
  return options[0]?.value ?? '';
}

/** A picked value as a choice: the system default is null. */
export function chosenDevice(value: string): string | null {
  return value === '' || value === 'default' ? null : value;
}

/**
 * An input's RMS level (0–1) as the level meter shows it: speech at a normal distance is around
 * 0.05–0.25 RMS, so it is scaled ×4, and rounded to twenty steps — plenty for a meter, and a
 * render spared per 20 ms capture block.
 */
export function meterLevel(rmsLevel: number): number {
  return Math.round(Math.min(1, rmsLevel * 4) * 20) / 20;
}
