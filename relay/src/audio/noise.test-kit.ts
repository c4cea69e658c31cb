/**
 * 16 kHz PCM16 of `parts`: [ms, amplitude] each, noise of that amplitude (0–1 of full scale),
 * seeded, not random: words (loud), a room's quiet, silence.
 */
export function noise(...parts: [number, number][]): Int16Array {
  const out: number[] = [];
  let seed = 1;
  for (const [ms, amplitude] of parts)
    for (let i = 0; i < ms * 16; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      out.push(Math.round(amplitude * 32_767 * ((seed / 2 ** 31) * 2 - 1)));
    }
  return Int16Array.from(out);
}
