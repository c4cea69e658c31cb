import { describe, expect, it } from 'vitest';
import { callSwitches } from './call-switches.ts';

describe('callSwitches', () => {
  it('reads nothing from a plain address: the defaults', () => {
    expect(callSwitches('')).toEqual({
      sampleRateHz: null,
      duplex: null,
      endOfTurn: 'policy',
      processing: {},
      keepLevels: false,
      pcm16: false,
      webCodecsDecoder: false,
    });
  });

  it('reads every switch of a measuring address', () => {
    expect(
      callSwitches(
        '?rate=44100&duplex=full&eot=fixed&agc=1&ns=0&levels=1&codec=pcm16&decoder=webcodecs',
      ),
    ).toEqual({
      sampleRateHz: 44_100,
      duplex: 'full',
      endOfTurn: 'fixed',
      processing: { autoGainControl: true, noiseSuppression: false },
      keepLevels: true,
      pcm16: true,
      webCodecsDecoder: true,
    });
  });

  it('ignores rates out of range and values it does not know', () => {
    expect(callSwitches('?rate=4000&duplex=both&ec=yes')).toMatchObject({
      sampleRateHz: null,
      duplex: null,
      processing: {},
    });
    expect(callSwitches('?rate=96001').sampleRateHz).toBeNull();
  });
});
