/** Synthetic voices for the prosody tests: glides of a fundamental, silences between. */
import { concat } from '../audio/concat.ts';

/** A voiced sound at 16 kHz: a fundamental gliding from `fromHz` to `toHz`, two harmonics. */
export function glide(fromHz: number, toHz: number, ms: number, level = 0.3): Float32Array {
  const n = Math.round(ms * 16);
  const out = new Float32Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const hz = fromHz + ((toHz - fromHz) * i) / n;
    phase += (2 * Math.PI * hz) / 16_000;
    out[i] = level * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase));
  }
  return out;
}

/** Sounds and silences (a number: that many ms of silence), one after the other. */
export function speech(...parts: (Float32Array | number)[]): Float32Array {
  return concat(
    Float32Array,
    parts.map((p) => (typeof p === 'number' ? new Float32Array(p * 16) : p)),
  );
}
