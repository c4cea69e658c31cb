/**
 * Samples per window the check judges at a time: 16 ms at 16 kHz, 10.7 ms at 24 kHz. Up to two
 * windows of a stream are held back until the audio after them is judged (see {@link PcmCheck}).
 */
export const PCM_CHECK_WINDOW_SAMPLES = 256;

/**
 * A window is misaligned when its samples, read one byte later, are this many times smoother
 * (mean absolute step between samples). Calibrated on Flite's four voices at 16, 22.05 and
 * 24 kHz, as produced, normalised to full scale and compressed until they clip: aligned speech
 * never exceeded 1.32 (a clipped full-scale "s"); speech read one byte off is 10 to 100 times
 * rougher than itself realigned.
 */
const MISALIGNED_RATIO = 4;

/**
 * Mean step (in sample units) below which a window is too quiet to judge: digital silence reads
 * the same either way. Misaligned near-silence (±2 of dither) already steps by hundreds.
 */
const QUIET_STEP = 64;

/**
 * Fewest samples after a located slip that are judged at the end of a stream: the best split
 * of sound audio leaves at most two samples after it (each step read one byte later is large).
 */
const MIN_SLIP_SAMPLES = 4;

const MISALIGNED =
  'audio misaligned by a byte (one lost or added mid-stream): it would play as noise';

/** Bytes that open a container or text body, checked at the start of a stream. */
const SNIFF_BYTES = 16;

const MAGIC: readonly [string, string][] = [
  ['RIFF', 'a WAV file'],
  ['ID3', 'an MP3 file'],
  ['OggS', 'an Ogg file'],
  ['fLaC', 'a FLAC file'],
];

/** What the check let through, and whether the stream was found not to be audio. */
export interface PcmCheckResult {
  /** Samples judged sound, to play now (often fewer than pushed: the latest are held back). */
  samples: Int16Array;
  /** Why the stream is not PCM16 audio; once set, nothing more passes. */
  fault: string | null;
}

/**
 * Judges a stream of PCM16 samples (as decoded from a provider's raw little-endian bytes) as it
 * arrives, so that audio that is not audio never reaches a speaker:
 * - a body that opens as text (a JSON or HTML error labelled as audio) or as a container (WAV,
 *   MP3, Ogg, FLAC where raw PCM was asked for) is refused before any sample passes;
 * - a byte lost or added mid-stream shifts every later sample by a byte, turning speech into
 *   full-scale noise. Over HTTP the provider's write boundaries are not visible (a body is read in
 *   arbitrary pieces, half samples included), so this is found from the signal: in each window of
 *   {@link PCM_CHECK_WINDOW_SAMPLES}, the samples as decoded are compared with the same bytes read
 *   one byte later. Speech is smooth only when aligned; when the later reading is much smoother,
 *   the stream slipped. The break is then located to the sample (the split that makes the audio
 *   before it smooth as read and the audio after it smooth read one byte later), and only the
 *   audio before it passes.
 *
 * A slip in the last part of a window may not show until the next one, so the latest judged
 * window is held back until the one after it is judged too: at most two windows (~20–32 ms of
 * audio) wait for more data, and all of it passes when the stream ends. Aligned noise (random
 * bytes) is not caught: level alone cannot tell it from a loud clipped fricative. Pure.
 */
export class PcmCheck {
  /** Samples not passed yet: `[0, judged)` judged sound (held back), the rest not judged. */
  private pending = new Int16Array(4 * PCM_CHECK_WINDOW_SAMPLES);
  private length = 0;
  private judged = 0;
  private sniffed = false;
  private fault: string | null = null;

  /** Adds the next decoded samples; returns those that may be played now. */
  push(samples: Int16Array): PcmCheckResult {
    if (this.fault !== null) return this.pass(0);
    this.append(samples);
    if (!this.sniffed) {
      if (this.length * 2 < SNIFF_BYTES) return this.pass(0);
      if (this.sniff()) return this.pass(0);
    }
    const w = PCM_CHECK_WINDOW_SAMPLES;
    let start = this.judged;
    for (; this.length - start >= w; start += w) {
      if (misaligned(this.pending, start, start + w)) return this.slipped(start, start + w);
    }
    // Every window but the last judged one is safe: a slip at the end of that one would only
    // show in the next.
    const safe = Math.max(0, start - w);
    this.judged = start - safe;
    return this.pass(safe);
  }

  /**
   * The stream ended: what was held back passes, unless it slipped. A tail shorter than a window
   * cannot be judged by its mean steps (a slip in its last samples is a small part of it), so
   * the slip, if any, is located first and the audio after it judged alone.
   */
  end(): PcmCheckResult {
    if (this.fault !== null) return this.pass(0);
    if (!this.sniffed && this.sniff()) return this.pass(0);
    const at = breakPoint(this.pending, 0, this.length);
    if (this.length - at >= MIN_SLIP_SAMPLES && misaligned(this.pending, at, this.length)) {
      this.fault = MISALIGNED;
      return this.pass(at);
    }
    return this.pass(this.length);
  }

  /**
   * The window `[start, end)` is misaligned: the slip is in it or in the sound-judged window
   * before it. Passes the audio before the slip, then refuses the rest of the stream.
   */
  private slipped(start: number, end: number): PcmCheckResult {
    const at = breakPoint(this.pending, Math.max(0, start - PCM_CHECK_WINDOW_SAMPLES), end);
    this.fault = MISALIGNED;
    return this.pass(at);
  }

  /** Refuses a body that opens as text or a container; true when it did. */
  private sniff(): boolean {
    this.sniffed = true;
    const n = Math.min(SNIFF_BYTES, this.length * 2);
    const bytes: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = this.pending[i >> 1] ?? 0;
      bytes.push(i % 2 === 0 ? s & 0xff : (s >> 8) & 0xff);
    }
    const head = String.fromCharCode(...bytes);
    const container = MAGIC.find(([magic]) => head.startsWith(magic));
    if (container) {
      this.fault = `${container[1]} where raw PCM was expected`;
      return true;
    }
    const printable = (b: number) =>
      (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d;
    if (n >= 4 && bytes.every(printable)) {
      this.fault = `text where audio was expected: "${head.replace(/\s+/g, ' ')}…"`;
      return true;
    }
    return false;
  }

  private append(samples: Int16Array): void {
    const needed = this.length + samples.length;
    if (needed > this.pending.length) {
      const grown = new Int16Array(Math.max(needed, 2 * this.pending.length));
      grown.set(this.pending.subarray(0, this.length));
      this.pending = grown;
    }
    this.pending.set(samples, this.length);
    this.length = needed;
  }

  /** Passes the first `n` pending samples (and the verdict so far). */
  private pass(n: number): PcmCheckResult {
    if (n === 0) return { samples: new Int16Array(0), fault: this.fault };
    const samples = this.pending.slice(0, n);
    this.pending.copyWithin(0, n, this.length);
    this.length -= n;
    this.judged = Math.max(0, this.judged - n);
    return { samples, fault: this.fault };
  }
}

/** Sample `i` of `d` read one byte later: the high byte of `d[i]` and the low byte of `d[i + 1]`. */
function shifted(d: Int16Array, i: number): number {
  return (((d[i + 1] ?? 0) & 0xff) << 8) | (((d[i] ?? 0) >> 8) & 0xff);
}

/** Signed value of a 16-bit pattern. */
const signed = (u: number) => (u >= 0x8000 ? u - 0x10000 : u);

/** Whether `d[start, end)` is much smoother read one byte later than as decoded. */
function misaligned(d: Int16Array, start: number, end: number): boolean {
  let asRead = 0;
  let later = 0;
  let prevLater = signed(shifted(d, start));
  for (let i = start; i + 1 < end; i++) {
    asRead += Math.abs((d[i + 1] ?? 0) - (d[i] ?? 0));
    if (i + 2 < end) {
      const next = signed(shifted(d, i + 1));
      later += Math.abs(next - prevLater);
      prevLater = next;
    }
  }
  const meanAsRead = asRead / Math.max(1, end - start - 1);
  const meanLater = later / Math.max(1, end - start - 2);
  return meanAsRead > QUIET_STEP && meanAsRead > MISALIGNED_RATIO * meanLater;
}

/**
 * Where, in `d[start, end)`, the stream slipped: the first sample `k` of the noise, chosen so
 * that the steps before it (as read) and after it (read one byte later) add up to the least.
 * Ties go to the earliest split: nothing doubtful passes.
 */
function breakPoint(d: Int16Array, start: number, end: number): number {
  const n = end - start;
  if (n < 3) return start;
  // after[k]: steps of the later reading from sample k to the end.
  const after = new Float64Array(n);
  for (let k = n - 3; k >= 0; k--) {
    const a = signed(shifted(d, start + k));
    const b = signed(shifted(d, start + k + 1));
    after[k] = (after[k + 1] ?? 0) + Math.abs(b - a);
  }
  let best = 0;
  let bestCost = after[0] ?? 0;
  let before = 0;
  for (let k = 1; k < n - 1; k++) {
    if (k >= 2) before += Math.abs((d[start + k - 1] ?? 0) - (d[start + k - 2] ?? 0));
    const cost = before + (after[k] ?? 0);
    if (cost < bestCost) {
      bestCost = cost;
      best = k;
    }
  }
  return start + best;
}
