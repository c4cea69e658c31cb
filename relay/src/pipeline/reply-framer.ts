import { Resampler } from '@parley/shared';

/**
 * Turns TTS output (PCM16 at the provider's rate) into reply-audio frames at the client's rate:
 * resamples with the shared anti-aliased resampler and sends on what it has at once, in frames
 * of at most `frameMs` and at least `minFrameMs` (the last frame of a segment may be shorter).
 * Holding audio back until a full 100 ms frame is ready would add that wait to the first sound
 * of every sentence. Pure: no I/O.
 */
export class ReplyFramer {
  private readonly resampler: Resampler | null;
  private readonly frameSamples: number;
  private readonly minFrameSamples: number;
  private readonly packetSamples: number;
  private readonly allocate: (sampleCount: number) => Int16Array;
  /** Output audio not yet framed: `pending[0 .. pendingLength)`. */
  private pending = new Int16Array(4096);
  private pendingLength = 0;

  constructor(options: {
    inputRateHz: number;
    outputRateHz: number;
    /** Longest frame (ms). Default 100. */
    frameMs?: number;
    /** Shortest frame but a segment's last (ms): fewer, larger WebSocket messages. Default 20. */
    minFrameMs?: number;
    /** Makes room for a frame's samples (e.g. `audioFrameSamples`). Default: a new array. */
    allocate?: (sampleCount: number) => Int16Array;
    /**
     * Every frame holds a whole number of packets of this many samples (Opus: 20 ms); a
     * segment's last frame is padded with silence to the next whole packet. Default 1.
     */
    packetSamples?: number;
  }) {
    this.allocate = options.allocate ?? ((n) => new Int16Array(n));
    const packet = Math.max(1, options.packetSamples ?? 1);
    this.packetSamples = packet;
    this.resampler =
      options.inputRateHz === options.outputRateHz
        ? null
        : new Resampler({ inputRateHz: options.inputRateHz, outputRateHz: options.outputRateHz });
    const whole = (n: number) => Math.max(packet, Math.ceil(n / packet) * packet);
    this.frameSamples = whole(Math.round((options.outputRateHz * (options.frameMs ?? 100)) / 1000));
    this.minFrameSamples = Math.min(
      this.frameSamples,
      whole(Math.round((options.outputRateHz * (options.minFrameMs ?? 20)) / 1000)),
    );
  }

  /** Adds TTS audio; returns the frames now available. */
  push(pcm: Int16Array): Int16Array[] {
    if (this.resampler) {
      const f = new Float32Array(pcm.length);
      for (let i = 0; i < pcm.length; i++) f[i] = (pcm[i] ?? 0) / 0x8000;
      this.append(this.resampler.process(f));
    } else {
      this.reserve(pcm.length).set(pcm);
    }
    return this.take(false);
  }

  /**
   * Ends the segment: returns the remaining audio as frames (the last one possibly short, or
   * padded with silence to a whole packet).
   */
  end(): Int16Array[] {
    if (this.resampler) this.append(this.resampler.flush());
    const partial = this.pendingLength % this.packetSamples;
    if (partial > 0) this.reserve(this.packetSamples - partial).fill(0);
    return this.take(true);
  }

  /** Room for `n` more samples at the end of `pending`, counted as pending at once. */
  private reserve(n: number): Int16Array {
    const needed = this.pendingLength + n;
    if (needed > this.pending.length) {
      const grown = new Int16Array(Math.max(needed, 2 * this.pending.length));
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    const room = this.pending.subarray(this.pendingLength, needed);
    this.pendingLength = needed;
    return room;
  }

  private append(f: Float32Array): void {
    const out = this.reserve(f.length);
    for (let i = 0; i < f.length; i++) {
      const s = f[i] ?? 0;
      const c = s > 1 ? 1 : s < -1 ? -1 : s;
      out[i] = Math.round(c < 0 ? c * 0x8000 : c * 0x7fff);
    }
  }

  private take(all: boolean): Int16Array[] {
    const frames: Int16Array[] = [];
    let offset = 0;
    const min = all ? 1 : this.minFrameSamples;
    const packet = this.packetSamples;
    while (this.pendingLength - offset >= min) {
      const left = this.pendingLength - offset;
      const n = Math.min(this.frameSamples, left - (left % packet));
      const frame = this.allocate(n);
      frame.set(this.pending.subarray(offset, offset + n));
      frames.push(frame);
      offset += n;
    }
    this.pending.copyWithin(0, offset, this.pendingLength);
    this.pendingLength -= offset;
    return frames;
  }
}
