import { describe, expect, it } from 'vitest';
import { readStamp, stampChunk } from './chunk-stamp.ts';

describe('chunk stamp', () => {
  it('reads back the send time from a copy at any byte offset (as the relay decodes it)', () => {
    const samples = new Int16Array(1600);
    stampChunk(samples, 83_006_349.393016);
    const frame = new Uint8Array(20 + samples.byteLength);
    frame.set(new Uint8Array(samples.buffer), 20);
    expect(readStamp(new Int16Array(frame.buffer, 20, 1600))).toBe(83_006_349.393016);
  });

  it('is NaN for unstamped or too short audio', () => {
    expect(readStamp(new Int16Array(1600))).toBeNaN();
    expect(readStamp(new Int16Array(3))).toBeNaN();
  });
});
