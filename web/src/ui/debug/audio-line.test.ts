import { describe, expect, it } from 'vitest';
import { audioLine } from './audio-line.ts';
import { intlFor } from '../../i18n/intl.ts';

const en = intlFor('en');

describe('audioLine', () => {
  it('says the codecs, bitrates and decoder in use', () => {
    expect(
      audioLine(en, {
        up: 'opus',
        down: 'opus',
        upBitrate: 24_000,
        nextUpBitrate: 24_000,
        upReason: 'start',
        downBitrate: 24_000,
        decoder: 'webcodecs',
      }),
    ).toBe('audio up Opus 24 kbit/s · down Opus 24 kbit/s, WebCodecs');
  });

  it('says why the uplink went down, and what the next utterance gets', () => {
    expect(
      audioLine(en, {
        up: 'opus',
        down: 'pcm16',
        upBitrate: 16_000,
        nextUpBitrate: 12_000,
        upReason: 'backlog',
      }),
    ).toBe('audio up Opus 16 kbit/s (backlog; next 12 kbit/s) · down PCM16');
    expect(audioLine(en, { up: 'pcm16', down: 'opus', downBitrate: 24_000, decoder: 'wasm' })).toBe(
      'audio up PCM16 · down Opus 24 kbit/s, WebAssembly',
    );
  });

  it("says the rate the microphone is captured at, and the device's where it differs", () => {
    const line = { up: 'pcm16', down: 'pcm16' } as const;
    expect(audioLine(en, { ...line, captureRateHz: 44_100 })).toBe(
      'audio up PCM16 · down PCM16 · mic 44.1 kHz',
    );
    expect(audioLine(en, { ...line, captureRateHz: 48_000, deviceRateHz: 48_000 })).toBe(
      'audio up PCM16 · down PCM16 · mic 48 kHz',
    );
    expect(audioLine(en, { ...line, captureRateHz: 48_000, deviceRateHz: 16_000 })).toBe(
      'audio up PCM16 · down PCM16 · mic 48 kHz (device 16 kHz)',
    );
  });
});
