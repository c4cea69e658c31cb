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
  private pending: number[] = [];

  constructor(options: {
    inputRateHz: number;
    outputRateHz: number;
    /** Longest frame (ms). Default 100. */
    frameMs?: number;
    /** Shortest frame but a segment's last (ms): fewer, larger WebSocket messages. Default 20. */
    minFrameMs?: number;
  }) {
    this.resampler =
      options.inputRateHz === options.outputRateHz
        ? null
        : new Resampler({ inputRateHz: options.inputRateHz, outputRateHz: options.outputRateHz });
    this.frameSamples = Math.max(
      1,
      Math.round((options.outputRateHz * (options.frameMs ?? 100)) / 1000),
    );
    this.minFrameSamples = Math.min(
      this.frameSamples,
      Math.max(1, Math.round((options.outputRateHz * (options.minFrameMs ?? 20)) / 1000)),
    );
  }

  /** Adds TTS audio; returns the frames now available. */
  push(pcm: Int16Array): Int16Array[] {
    if (this.resampler) {
      const f = new Float32Array(pcm.length);
      for (let i = 0; i < pcm.length; i++) f[i] = (pcm[i] ?? 0) / 0x8000;
      this.append(this.resampler.process(f));
    } else for (const s of pcm) this.pending.push(s);
    return this.take(false);
  }

  /** Ends the segment: returns the remaining audio as frames (the last one possibly short). */
  end(): Int16Array[] {
    if (this.resampler) this.append(this.resampler.flush());
    return this.take(true);
  }

  private append(f: Float32Array): void {
    for (const s of f) {
      const c = s > 1 ? 1 : s < -1 ? -1 : s;
      this.pending.push(Math.round(c < 0 ? c * 0x8000 : c * 0x7fff));
    }
  }

  private take(all: boolean): Int16Array[] {
    const frames: Int16Array[] = [];
    let offset = 0;
    const min = all ? 1 : this.minFrameSamples;
    while (this.pending.length - offset >= min) {
      const n = Math.min(this.frameSamples, this.pending.length - offset);
      frames.push(Int16Array.from(this.pending.slice(offset, offset + n)));
      offset += n;
    }
    this.pending = this.pending.slice(offset);
    return frames;
  }
}
