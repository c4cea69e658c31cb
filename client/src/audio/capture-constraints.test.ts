import { describe, expect, it } from 'vitest';
import { captureConstraints } from './capture-constraints.ts';

describe('capture constraints', () => {
  it('ask for the microphone without gain control or noise suppression, with echo cancellation', () => {
    expect(captureConstraints({})).toEqual({
      echoCancellation: true,
      noiseSuppression: false,
      autoGainControl: false,
      channelCount: 1,
    });
  });

  it('take each switch and the device as given', () => {
    expect(
      captureConstraints({
        echoCancellation: false,
        noiseSuppression: true,
        autoGainControl: true,
        deviceId: 'usb',
      }),
    ).toEqual({
      echoCancellation: false,
      noiseSuppression: true,
      autoGainControl: true,
      channelCount: 1,
      deviceId: { exact: 'usb' },
    });
  });
});
