import { describe, expect, it } from 'vitest';
import { intlFor } from '../i18n/intl.ts';
import {
  chosenDevice,
  deviceOptions as optionsIn,
  meterLevel,
  shownOption,
} from './device-options.ts';

const deviceOptions = optionsIn.bind(null, intlFor('en'));

const device = (kind: string, deviceId: string, label = '') => ({ kind, deviceId, label });

describe('device pickers', () => {
  it("lists a kind's devices, Chromium's default entry first as it comes", () => {
    const list = [
      device('audioinput', 'default', 'Default - Headset'),
      device('audioinput', 'hs', 'Headset'),
      device('audiooutput', 'spk', 'Speakers'),
    ];
    expect(deviceOptions(list, 'audioinput')).toEqual([
      { value: 'default', label: 'Default - Headset' },
      { value: 'hs', label: 'Headset' },
    ]);
    expect(deviceOptions(list, 'audiooutput')).toEqual([
      { value: '', label: 'System default' },
      { value: 'spk', label: 'Speakers' },
    ]);
  });

  it('before permission (no ids) offers the default only; nameless devices get numbers', () => {
    expect(
      deviceOptions([device('audioinput', ''), device('audioinput', '')], 'audioinput'),
    ).toEqual([{ value: '', label: 'System default' }]);
    expect(deviceOptions([device('audioinput', 'a')], 'audioinput')[1]?.label).toBe('Microphone 1');
  });

  it('shows the first candidate offered, and takes the default as no choice', () => {
    const options = [
      { value: 'default', label: 'Default' },
      { value: 'hs', label: 'Headset' },
    ];
    expect(shownOption(options, ['gone', 'hs', 'default'])).toBe('hs');
    expect(shownOption(options, [null, undefined])).toBe('default');
    expect(chosenDevice('default')).toBeNull();
    expect(chosenDevice('')).toBeNull();
    expect(chosenDevice('hs')).toBe('hs');
  });

  it('shows a level scaled for speech, in twenty steps, full at a quarter of full scale', () => {
    expect([0, 0.01, 0.1, 0.25, 0.9].map(meterLevel)).toEqual([0, 0.05, 0.4, 1, 1]);
  });
});
