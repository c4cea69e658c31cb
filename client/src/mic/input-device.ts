import type { RecoveryFailure } from './mic-state.ts';

/** The parts of a `MediaDeviceInfo` this file reads. */
export interface DeviceEntry {
  kind: string;
  deviceId: string;
  groupId: string;
}

/**
 * Whether the input a track captures from is still among `devices` (after a `devicechange`).
 * Chromium reports the track of the default input as `deviceId: 'default'`, a name that stays
 * listed whatever device it stands for; the physical device is its `groupId`, so that is what
 * is looked for then. True when it cannot be told (no ids: the page lacks permission to see
 * them), so that nothing is restarted on a guess.
 */
export function inputStillPresent(
  track: { deviceId?: string; groupId?: string },
  devices: readonly DeviceEntry[],
): boolean {
  const inputs = devices.filter((d) => d.kind === 'audioinput');
  if (inputs.length > 0 && inputs.every((d) => d.deviceId === '')) return true;
  const { deviceId, groupId } = track;
  if (deviceId && deviceId !== 'default' && deviceId !== 'communications')
    return inputs.some((d) => d.deviceId === deviceId);
  if (groupId) return inputs.some((d) => d.groupId === groupId);
  return true;
}

/**
 * The input to open for the user's choice `preferred` (a deviceId; null: the system default):
 * it, unless the devices last listed no longer have it (unplugged: the default takes over).
 * Undefined means the default. With no list yet, or one without ids (no permission to see
 * them), the choice is tried as it is.
 */
export function inputToOpen(
  preferred: string | null,
  listed: readonly DeviceEntry[] | null,
): string | undefined {
  if (preferred === null || preferred === '') return undefined;
  const inputs = listed?.filter((d) => d.kind === 'audioinput') ?? [];
  if (listed === null || inputs.every((d) => d.deviceId === '')) return preferred;
  return inputs.some((d) => d.deviceId === preferred) ? preferred : undefined;
}

/**
 * Whether a track with these settings captures from `deviceId` (undefined: the default input,
 * which Chromium's track reports as `default`).
 */
export function isInUse(track: { deviceId?: string }, deviceId: string | undefined): boolean {
  return track.deviceId === (deviceId ?? 'default');
}

/** Whether getUserMedia failed because the asked-for device is not there (any more). */
export function isMissingDevice(err: unknown): boolean {
  return micErrorKind(err) === 'missing';
}

/** What a getUserMedia error can say of the microphone (see {@link micErrorKind}). */
export type MicErrorKind = 'denied' | 'missing' | 'busy';

/**
 * What a getUserMedia error says of the microphone, by its name: refused, not there, or held
 * elsewhere (a call) or glitched; null for any other error.
 */
export function micErrorKind(err: unknown): MicErrorKind | null {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    default:
      return null;
  }
}

/** What a failed getUserMedia means for recovery: an error of no known kind counts as busy. */
export function failureOf(result: PromiseSettledResult<unknown>): RecoveryFailure {
  return micErrorKind(result.status === 'rejected' ? result.reason : null) ?? 'busy';
}

/**
 * The output to play through for the user's choice `chosen` (null: the system's): it while
 * listed, the system's when it went away (unplugged); it again once it is back.
 */
export function outputToUse(chosen: string | null, listed: readonly DeviceEntry[]): string | null {
  if (chosen === null) return null;
  return listed.some((d) => d.kind === 'audiooutput' && d.deviceId === chosen) ? chosen : null;
}
