import { describe, expect, it } from 'vitest';
import { QuietTail } from './quiet-tail.ts';

/** `ms` of a 200 Hz tone at `amplitude` (16 kHz). */
const tone = (ms: number, amplitude = 0.3) =>
  Float32Array.from(
    { length: ms * 16 },
    (_, i) => amplitude * Math.sin((2 * Math.PI * 200 * i) / 16_000),
  );
const silence = (ms: number) => new Float32Array(ms * 16);

describe('QuietTail', () => {
  it('is not quiet before any speech, however long the silence', () => {
    const tail = new QuietTail();
    tail.write(silence(500));
    expect(tail.quietMs()).toBe(0);
  });

  it('counts the quiet after speech, frame by frame, whatever the chunks', () => {
    const tail = new QuietTail();
    tail.write(tone(300));
    expect(tail.quietMs()).toBe(0);
    // 30 ms in chunks that split its frames.
    for (const n of [7, 100, 253, 120]) tail.write(new Float32Array(n));
    expect(tail.quietMs()).toBe(30);
    tail.write(silence(50));
    expect(tail.quietMs()).toBe(80);
  });

  it('starts again when speech comes back, and hears a soft sound beside a loud one as quiet', () => {
    const tail = new QuietTail();
    tail.write(tone(200));
    tail.write(silence(100));
    tail.write(tone(20));
    expect(tail.quietMs()).toBe(0);
    // 40 dB below the loudest frame: not speech.
    tail.write(tone(60, 0.003));
    expect(tail.quietMs()).toBe(60);
  });
});
