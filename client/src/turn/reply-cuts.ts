import type { ClientMessage } from '@parley/shared';
import type { AudioPlayer } from '../audio/player.ts';
import type { OverReplyMark, TraceUpdate } from './turn-trace.ts';

/** One barge-in, for the latency panel and the end-to-end tests. */
export interface BargeIn {
  turnId: number;
  /** Epoch ms of the interrupting speech's first frame (VAD). */
  speechAtMs: number;
  /** Epoch ms at which the reply went silent at the speaker. */
  silencedAtMs: number | undefined;
  playedSamples: number;
}

/** One reply the user stopped with a control (a tap on the talk control, Esc, a press to talk). */
export interface UserInterrupt {
  turnId: number;
  /** Epoch ms at which the control asked for it (the tap's or key's handler). */
  requestedAtMs: number;
  /** Epoch ms at which the reply went silent at the speaker. */
  silencedAtMs: number | undefined;
  playedSamples: number;
}

/**
 * When speech over the reply began (epoch ms): at the loud onset or the VAD's start, whichever
 * came first, when they are of the same sound (under 300 ms apart).
 */
export function speechOnsetMs(onsetAtMs: number, vadStartAtMs: number): number {
  return onsetAtMs > 0 && Math.abs(vadStartAtMs - onsetAtMs) < 300
    ? Math.min(onsetAtMs, vadStartAtMs)
    : vadStartAtMs;
}

/** Who stopped the reply: speech over it (with when it began), or a control (and when). */
export type CutBy = { speechAtMs: number } | { requestedAtMs: number };

export interface ReplyCutsDeps {
  send(message: ClientMessage): void;
  player: Pick<AudioPlayer, 'stop' | 'playedSamplesAt' | 'silencedAtMs'>;
  /** Sample rate of the relay's reply audio (Hz): `playedSamples` are counted at it. */
  outputRateHz: number;
  trace(turnId: number, update: TraceUpdate): void;
  /** The user cut the reply of `turnId` short. */
  interrupted(turnId: number): void;
}

/**
 * Replies the user cut short, and how: a reply playing is silenced and the relay told how many
 * of its samples were played (it keeps only the words heard); one not playing yet is cancelled
 * (0 samples). Either way, the rest of its audio is dropped when it arrives.
 */
export class ReplyCuts {
  readonly bargeIns: BargeIn[] = [];
  readonly userInterrupts: UserInterrupt[] = [];
  /** Interrupts sent (barge-ins, replies stopped by a control, cancelled before they played). */
  sent = 0;
  private readonly cut = new Set<number>();
  /** What each sound over a reply did to it, by turn (the last few replies). */
  private readonly marks = new Map<number, OverReplyMark[]>();

  constructor(private readonly d: ReplyCutsDeps) {}

  /** Whether the reply of `turnId` was cut (its audio is to be dropped). */
  has(turnId: number): boolean {
    return this.cut.has(turnId);
  }

  /** The reply of `turnId` has not played yet: the relay stops producing it. */
  cancel(turnId: number): void {
    this.cut.add(turnId);
    this.sent++;
    this.d.send({ type: 'interrupt', turnId, playedSamples: 0 });
  }

  /** A sound over the reply of `turnId` was judged: the debug panel says what it did, and why. */
  judged(turnId: number, mark: OverReplyMark): void {
    const marks = [...(this.marks.get(turnId) ?? []), mark];
    this.marks.set(turnId, marks);
    if (this.marks.size > 20) this.marks.delete(this.marks.keys().next().value ?? turnId);
    this.d.trace(turnId, { overReply: marks });
  }

  /** Silences the reply of `turnId`, then tells the relay what was heard of it. */
  async stop(turnId: number, by: CutBy): Promise<void> {
    this.cut.add(turnId);
    await this.d.player.stop();
    const playedSamples = this.d.player.playedSamplesAt(turnId, this.d.outputRateHz);
    this.sent++;
    this.d.send({ type: 'interrupt', turnId, playedSamples });
    const silencedAtMs = this.d.player.silencedAtMs(turnId);
    if ('speechAtMs' in by) this.bargeIns.push({ turnId, ...by, silencedAtMs, playedSamples });
    else this.userInterrupts.push({ turnId, ...by, silencedAtMs, playedSamples });
    if (silencedAtMs !== undefined) this.d.trace(turnId, { client: { bargeInAtMs: silencedAtMs } });
    this.d.interrupted(turnId);
  }
}
