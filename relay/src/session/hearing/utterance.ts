import {
  CHUNK_MS,
  CHUNK_SAMPLES,
  isOpusFrame,
  SAMPLE_RATE_HZ,
  type WireAudioFrame,
} from '@parley/shared';
import type { HeardAudio } from '../../audio/heard-audio.ts';
import { KeptSamples } from '../../audio/kept-samples.ts';
import { OpusStreamDecoder } from '../../audio/opus.ts';
import type { TurnAudio } from '../../observability/turn-observer.ts';
import type { AsrStream } from '../../providers/stages/asr.ts';
import { ReplayedPauses } from './replayed-pauses.ts';
import type { Speculation } from './speculation.ts';

/**
 * An utterance's first 60 s: speculated on at a pause, and what the dump of a failed turn
 * holds. Longer utterances are not speculated.
 */
export const MAX_UTTERANCE_SAMPLES = 600 * CHUNK_SAMPLES;

/**
 * Audio kept per utterance (120 s): what a failover chain replays into its next recogniser, and
 * the embedded recogniser decodes again, whole; past it, neither (as when each kept its own).
 */
export const KEPT_UTTERANCE_SAMPLES = 1200 * CHUNK_SAMPLES;

/**
 * What the user is saying: its microphone seqs (duplicates dropped, gaps counted), its
 * recogniser, the audio so far and the speculative answer started at its last pause. One at a
 * time per session.
 *
 * It is the one owner of its audio (kept once, bounded): its recogniser reads it back through
 * the view it was started with (a failover chain's replay, the embedded recogniser's whole
 * decode), a speculation's second recogniser through a view up to its pause, observers through
 * copies; none keeps a copy of its own.
 */
export class Utterance {
  /** The next seq expected. */
  nextSeq: number;
  /** Frames received. */
  frames = 0;
  /** Seqs that never arrived (gaps), for diagnostics. */
  missing = 0;
  /** Opus frames libopus refused (heard as silence), for diagnostics. */
  undecodable = 0;
  /** The utterance's Opus stream, decoded as it arrives (made at its first Opus frame). */
  private decoder: OpusStreamDecoder | null = null;
  private spec: Speculation | null = null;
  /** Speculations started (each is metered under its own usage seq). */
  speculations = 0;
  /** Its pauses and resumes so far: a resumed client's replay repeats some. */
  readonly pauses = new ReplayedPauses();
  /** Where a gap put the seqs out of step with the frames: the frame received, and its seq. */
  private readonly jumps: { frame: number; seq: number }[] = [];

  constructor(
    readonly turnId: number,
    /**
     * Its audio, owned from now on (its recogniser was started with its {@link KeptSamples.view}):
     * let go when the utterance stops or its turn is over.
     */
    readonly audio: KeptSamples,
    /** Its recogniser, fed as the audio arrives. */
    readonly asr: AsrStream,
    /** Stops its recogniser; once the utterance ends, its turn too. */
    readonly abort: AbortController,
    readonly firstSeq: number,
    /** The client's trace id for this turn, for logs and the timeline. */
    readonly traceId?: string,
  ) {
    this.nextSeq = firstSeq;
  }

  /** Whether `seq` was received already (a resend). */
  isDuplicate(seq: number): boolean {
    return seq < this.nextSeq;
  }

  /**
   * A frame of this utterance, not a duplicate: to its recogniser and its kept audio (Opus
   * packets decoded first). Returns how many seqs are missing before it (0 when in order).
   */
  accept(frame: WireAudioFrame): number {
    const gap = frame.seq - this.nextSeq;
    if (gap > 0) {
      this.missing += gap;
      this.jumps.push({ frame: this.frames, seq: frame.seq });
    }
    this.nextSeq = frame.seq + 1;
    this.frames++;
    const samples = isOpusFrame(frame) ? this.decode(frame.packets) : frame.samples;
    this.audio.append(samples);
    this.asr.write(samples);
    return Math.max(0, gap);
  }

  /** One chunk of Opus packets as PCM; silence when libopus refuses them. */
  private decode(packets: readonly Uint8Array[]): Int16Array {
    this.decoder ??= new OpusStreamDecoder(SAMPLE_RATE_HZ);
    const samples = this.decoder.decode(packets);
    // The frame was checked to hold one chunk's worth; a refused one is heard as silence.
    if (samples?.length === CHUNK_SAMPLES) return samples;
    this.undecodable++;
    return new Int16Array(CHUNK_SAMPLES);
  }

  /** No more audio comes: the Opus decoder (if any) lets its memory go. */
  audioEnded(): void {
    this.decoder?.free();
    this.decoder = null;
  }

  /** The last seq received. */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Audio the recogniser received (ms). */
  get audioMs(): number {
    return this.frames * CHUNK_MS;
  }

  /** The speculative answer started at the last pause, if it still stands. */
  get speculation(): Speculation | null {
    return this.spec?.abort.signal.aborted ? null : this.spec;
  }

  /** Whether a pause at `lastSeq` can start a speculation (none there yet, in its first 60 s). */
  canSpeculateAt(lastSeq: number): boolean {
    const within = !this.audio.overflowed && this.audio.samples <= MAX_UTTERANCE_SAMPLES;
    return within && this.speculation?.snapshotSeq !== lastSeq;
  }

  /**
   * The last seq whose audio lies wholly in the first `ms` of what its recogniser was given
   * (the frames received, in order; a gap's seqs never reached it); null for none.
   */
  lastSeqWithin(ms: number): number | null {
    // A hair over: `ms` is counted from samples, and a whole frame's must count whole.
    const frames = Math.min(this.frames, Math.floor((ms + 1e-6) / CHUNK_MS));
    if (frames <= 0) return null;
    const last = frames - 1;
    const jump = this.jumps.findLast((j) => j.frame <= last);
    return jump ? jump.seq + (last - jump.frame) : this.firstSeq + last;
  }

  /** How far its audio up to `lastSeq` reaches (ms from its first frame). */
  msUpTo(lastSeq: number): number {
    return (lastSeq - this.firstSeq + 1) * CHUNK_MS;
  }

  /** Its audio up to `lastSeq` (a view: a speculation's recogniser reads it, keeps none). */
  audioUpTo(lastSeq: number): HeardAudio {
    return this.audio.view((lastSeq - this.firstSeq + 1) * CHUNK_SAMPLES);
  }

  /** A new speculation takes the slot (the previous one was dropped first). */
  speculate(spec: Speculation): void {
    this.speculations++;
    this.spec = spec;
  }

  /**
   * Takes the speculation out of the slot: the caller promotes or drops it. Null when there is
   * none standing.
   */
  takeSpeculation(): Speculation | null {
    const spec = this.speculation;
    this.spec = null;
    return spec;
  }

  /** Stops its recogniser (and the turn running on it) and lets its audio go. */
  stop(reason: string): void {
    this.abort.abort(new Error(reason));
    this.audioEnded();
    this.audio.release();
  }

  /** What observers may read of its audio (its first 60 s): copies, while its turn finishes. */
  turnAudio(): TurnAudio {
    const { audio } = this;
    return {
      copy: () => audio.copy(MAX_UTTERANCE_SAMPLES),
      keptFrames: Math.min(audio.frames, MAX_UTTERANCE_SAMPLES / CHUNK_SAMPLES),
      framesReceived: this.frames,
    };
  }
}
