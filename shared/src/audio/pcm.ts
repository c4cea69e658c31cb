/** Float samples in [-1, 1] to PCM16 with clamping (values outside the range saturate). */
export function floatToPcm16(input: Float32Array): Int16Array<ArrayBuffer> {
  const out = new Int16Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const s = input[i] ?? 0;
    const c = s > 1 ? 1 : s < -1 ? -1 : s;
    out[i] = c < 0 ? Math.round(c * 0x8000) : Math.round(c * 0x7fff);
  }
  return out;
}

/** PCM16 to float samples in [-1, 1). */
export function pcm16ToFloat(input: Int16Array): Float32Array<ArrayBuffer> {
  const out = new Float32Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = (input[i] ?? 0) / 0x8000;
  return out;
}

/** Root-mean-square level of float samples (0 for an empty input). */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] ?? 0;
    sum += s * s;
  }
  return Math.sqrt(sum / samples.length);
}

/** RMS level of float samples in dBFS (-Infinity for silence). */
export function rmsDbfs(samples: Float32Array): number {
  return 20 * Math.log10(rms(samples));
}
