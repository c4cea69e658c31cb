/** Synthetic microphone signals for the echo-probe tests: seeded noise and speech-like sound. */

/** White Gaussian noise of RMS `10^(levelDbFs/20)`. */
export function whiteNoise(n: number, levelDbFs: number, random: () => number): Float32Array {
  const sigma = 10 ** (levelDbFs / 20);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.max(random(), 1e-12);
    out[i] = sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  }
  return out;
}

/**
 * Speech-like sound at 16 kHz: a glottal pulse train with wandering pitch (90–250 Hz) through three
 * moving formant resonators, syllable-rate loudness (3–6 Hz) with pauses, and fricative noise
 * bursts; scaled to RMS `levelDbFs`.
 */
export function speechLike(n: number, levelDbFs: number, random: () => number): Float32Array {
  const rate = 16_000;
  const out = new Float32Array(n);
  const formants = [
    { lo: 300, hi: 850, bw: 90 },
    { lo: 900, hi: 2_400, bw: 120 },
    { lo: 2_400, hi: 3_400, bw: 180 },
  ].map((f) => ({ ...f, from: f.lo, to: f.lo, y1: 0, y2: 0 }));
  const syllableSamples = () => Math.round(rate * (0.12 + random() * 0.18));
  let syllableLeft = 0;
  let syllableLength = 1;
  let voiced = true;
  let loud = 1;
  let pitch = 90 + random() * 160;
  let phase = 0;
  for (let i = 0; i < n; i++) {
    if (syllableLeft <= 0) {
      syllableLength = syllableLeft = syllableSamples();
      voiced = random() < 0.8;
      loud = random() < 0.15 ? 0 : 0.4 + random() * 0.6; // some pauses
      for (const f of formants) {
        f.from = f.to;
        f.to = f.lo + random() * (f.hi - f.lo);
      }
      pitch = Math.min(250, Math.max(90, pitch * (0.85 + random() * 0.3)));
    }
    const progress = 1 - syllableLeft / syllableLength;
    syllableLeft--;
    const envelope = loud * Math.sin(Math.PI * progress) ** 0.6;
    let excitation = 0;
    phase += (pitch * (1 + 0.02 * Math.sin(i / 400))) / rate;
    if (phase >= 1) {
      phase -= 1;
      if (voiced) excitation = 1;
    }
    if (!voiced) excitation = (random() - 0.5) * 0.6;
    let sample = 0;
    for (const f of formants) {
      const freq = f.from + (f.to - f.from) * progress;
      const r = Math.exp((-Math.PI * f.bw) / rate);
      const y = excitation + 2 * r * Math.cos((2 * Math.PI * freq) / rate) * f.y1 - r * r * f.y2;
      f.y2 = f.y1;
      f.y1 = y;
      sample += y;
    }
    out[i] = sample * envelope;
  }
  return scaleToDbFs(out, levelDbFs);
}

/** Scales `x` in place to RMS `levelDbFs`; returns it. */
function scaleToDbFs(x: Float32Array, levelDbFs: number): Float32Array {
  let sum = 0;
  for (const v of x) sum += v * v;
  const rms = Math.sqrt(sum / Math.max(1, x.length));
  const gain = rms > 0 ? 10 ** (levelDbFs / 20) / rms : 0;
  for (let i = 0; i < x.length; i++) x[i] = (x[i] ?? 0) * gain;
  return x;
}

/** Adds `signal` · `gain` into `into` starting at index `at` (clipped to `into`). */
export function mixInto(into: Float32Array, signal: Float32Array, at: number, gain = 1): void {
  for (let i = 0; i < signal.length; i++) {
    const j = at + i;
    if (j >= 0 && j < into.length) into[j] = (into[j] ?? 0) + (signal[i] ?? 0) * gain;
  }
}
