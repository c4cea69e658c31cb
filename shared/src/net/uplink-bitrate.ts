import { CHUNK_MS } from '../audio/constants.ts';

/** The Opus bitrates the microphone is sent at, best first (bits per second). */
export const UPLINK_BITRATES = [24_000, 16_000, 12_000] as const;

/** What the client sees of its uplink at one moment. */
export interface UplinkSample {
  /** Epoch ms. */
  atMs: number;
  /** Bytes waiting in the socket's send buffer (`bufferedAmount`). */
  bufferedBytes: number;
  /** The latest heartbeat round trip (ms), if any. */
  rttMs?: number;
}

/** Why the bitrate is what it is, for the latency panel. */
export type BitrateReason = 'start' | 'backlog' | 'slow round trips' | 'link recovered';

/** A bitrate starts only once the link has shown this long with no sign of trouble (ms). */
export const RECOVER_AFTER_MS = 10_000;
/** At most one step down per this long (ms): the last one's effect shows first. */
export const STEP_DOWN_EVERY_MS = 2_000;
/** The send buffer holds more than this much audio (ms) at the current bitrate: behind. */
export const BACKLOG_MS = 300;

/**
 * Adapts the microphone's Opus bitrate to the link: one step down when the socket's send
 * buffer holds more than {@link BACKLOG_MS} of audio at two looks in a row (the uplink is not
 * keeping up with real time; one look may catch a burst on its way out) or two round trips in a
 * row grow to three times the best seen and at least 600 ms (a queue building in the network);
 * one step up after {@link RECOVER_AFTER_MS} without either. Down to 12 kbit/s,
 * which still carries clear speech. Pure: fed samples, no timers.
 */
export class UplinkBitrate {
  private rung = 0;
  private lastTroubleAtMs = -Infinity;
  private lastStepDownAtMs = -Infinity;
  private lastStepUpAtMs = -Infinity;
  private minRttMs = Infinity;
  /** The last look found a backlog. */
  private backlogged = false;
  /** The last round trip seen was slow. */
  private slowRtt = false;
  reason: BitrateReason = 'start';

  get bitrate(): number {
    return UPLINK_BITRATES[this.rung] ?? UPLINK_BITRATES[0];
  }

  /** Takes one look at the link; returns the bitrate for what is encoded next. */
  observe(s: UplinkSample): number {
    if (s.rttMs !== undefined) this.minRttMs = Math.min(this.minRttMs, s.rttMs);
    const backlogBytes = ((this.bitrate / 8) * BACKLOG_MS) / 1000;
    const backlog = s.bufferedBytes > backlogBytes + overheadBytes(BACKLOG_MS);
    const sustained = backlog && this.backlogged;
    this.backlogged = backlog;
    // Two slow round trips in a row: one may be the page's own thread busy for a moment (a
    // round trip is timed on it), which says nothing of the network.
    let slowRtts = false;
    if (s.rttMs !== undefined) {
      const slow = s.rttMs >= Math.max(600, 3 * this.minRttMs);
      slowRtts = slow && this.slowRtt;
      this.slowRtt = slow;
    }
    const trouble: BitrateReason | null = sustained
      ? 'backlog'
      : slowRtts
        ? 'slow round trips'
        : null;
    if (trouble) {
      this.lastTroubleAtMs = s.atMs;
      if (
        this.rung < UPLINK_BITRATES.length - 1 &&
        s.atMs - this.lastStepDownAtMs >= STEP_DOWN_EVERY_MS
      ) {
        this.rung++;
        this.lastStepDownAtMs = s.atMs;
        this.reason = trouble;
      }
      return this.bitrate;
    }
    const calmSince = Math.max(this.lastTroubleAtMs, this.lastStepUpAtMs, this.lastStepDownAtMs);
    if (this.rung > 0 && s.atMs - calmSince >= RECOVER_AFTER_MS) {
      this.rung--;
      this.lastStepUpAtMs = s.atMs;
      this.reason = 'link recovered';
    }
    return this.bitrate;
  }
}

/** Framing around `ms` of audio: a frame header (16) and packet lengths (2 × 5) per chunk. */
function overheadBytes(ms: number): number {
  return Math.ceil(ms / CHUNK_MS) * (16 + 10);
}
