import { describe, expect, it } from 'vitest';
import {
  failureOf,
  inputStillPresent,
  inputToOpen,
  isInUse,
  isMissingDevice,
  type DeviceEntry,
} from './input-device.ts';

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

describe('inputToOpen', () => {
  const listed = [input('default', 'laptop'), input('hs', 'headset'), speaker];

  it('opens the chosen input while it is listed, the default when it is not', () => {
    expect(inputToOpen('hs', listed)).toBe('hs');
    expect(inputToOpen('usb', listed)).toBeUndefined();
    // An output with that id is no input.
    expect(inputToOpen('spk', listed)).toBeUndefined();
  });

  it('no choice: the default', () => {
    expect(inputToOpen(null, listed)).toBeUndefined();
    expect(inputToOpen('', listed)).toBeUndefined();
  });

  it('tries the choice when it cannot tell (no list yet, or ids hidden)', () => {
    expect(inputToOpen('hs', null)).toBe('hs');
    expect(inputToOpen('hs', [input('', ''), input('', '')])).toBe('hs');
  });
});

describe('isInUse', () => {
  it("knows Chromium's default track as the default input", () => {
    expect(isInUse({ deviceId: 'default' }, undefined)).toBe(true);
    expect(isInUse({ deviceId: 'hs' }, 'hs')).toBe(true);
    expect(isInUse({ deviceId: 'default' }, 'hs')).toBe(false);
    expect(isInUse({}, undefined)).toBe(false);
  });
});

describe('getUserMedia failures', () => {
  it('tells a missing device from a refusal or a busy one', () => {
    expect(isMissingDevice(new DOMException('x', 'OverconstrainedError'))).toBe(true);
    expect(isMissingDevice(new DOMException('x', 'NotFoundError'))).toBe(true);
    expect(isMissingDevice(new DOMException('x', 'NotAllowedError'))).toBe(false);
    const failed = (name: string) =>
      failureOf({ status: 'rejected', reason: new DOMException('x', name) });
    expect(failed('NotAllowedError')).toBe('denied');
    expect(failed('OverconstrainedError')).toBe('missing');
    expect(failed('NotReadableError')).toBe('busy');
    // An error of no known kind, or none: held elsewhere or glitched, as far as recovery goes.
    expect(failed('SomethingElseError')).toBe('busy');
    expect(failureOf({ status: 'fulfilled', value: null })).toBe('busy');
  });
});
