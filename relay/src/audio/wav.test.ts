import { describe, expect, it } from 'vitest';
import { pcm16Wav, readWav } from './wav.ts';

describe('pcm16Wav', () => {
  it('writes mono PCM16 that reads back as the same samples and rate', () => {
    const samples = Int16Array.from([0, 16384, -16384, 32767, -32768]);
    const wav = readWav(pcm16Wav(samples, 22_050));
    expect(wav.sampleRateHz).toBe(22_050);
    expect(wav.channels).toHaveLength(1);
    expect(Array.from(wav.channels[0] ?? [], (x) => Math.round(x * 32768))).toEqual([
      0, 16384, -16384, 32767, -32768,
    ]);
  });
});
