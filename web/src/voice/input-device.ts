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
