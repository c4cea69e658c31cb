import { describe, expect, it } from 'vitest';
import { inputStillPresent, type DeviceEntry } from './input-device.ts';

const input = (deviceId: string, groupId: string): DeviceEntry => ({
  kind: 'audioinput',
  deviceId,
  groupId,
});
const speaker: DeviceEntry = { kind: 'audiooutput', deviceId: 'spk', groupId: 'headset' };

describe('inputStillPresent', () => {
  it('finds a device chosen by id, and misses it once it is gone', () => {
    const track = { deviceId: 'hs', groupId: 'headset' };
    expect(inputStillPresent(track, [input('hs', 'headset'), input('mic', 'laptop')])).toBe(true);
    expect(inputStillPresent(track, [input('mic', 'laptop'), speaker])).toBe(false);
  });

  it("follows Chromium's 'default' input to the physical device behind it", () => {
    const track = { deviceId: 'default', groupId: 'headset' };
    const before = [input('default', 'headset'), input('hs', 'headset'), input('mic', 'laptop')];
    expect(inputStillPresent(track, before)).toBe(true);
    // The headset is switched off: 'default' is still listed, but now stands for the laptop.
    const after = [input('default', 'laptop'), input('mic', 'laptop'), speaker];
    expect(inputStillPresent(track, after)).toBe(false);
  });

  it('no inputs at all: gone', () => {
    expect(inputStillPresent({ deviceId: 'hs' }, [])).toBe(false);
  });

  it('cannot tell without ids (no permission to see them), so says present', () => {
    expect(inputStillPresent({ deviceId: 'hs' }, [input('', '')])).toBe(true);
    expect(inputStillPresent({}, [input('mic', 'laptop')])).toBe(true);
  });
});
