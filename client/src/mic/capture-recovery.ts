/**
 * When to bring the microphone back, pure: what happened to the track, the AudioContext and the
 * page goes in (with the time), what to do comes out. Phones take the microphone away when the
 * page goes to the background or a call comes in (the track ends or is muted, the context is
 * suspended or "interrupted"); a Bluetooth headset that goes away takes its input with it. The
 * microphone is asked for again only while the page is visible (browsers refuse it, or prompt,
 * in the background), busy or missing microphones are retried a few times, and what cannot be
 * fixed without the user (a refusal, a context that needs a tap) waits for them.
 */

import type { MicFault, RecoveryFailure, RecoveryStatus } from './mic-state.ts';

export type { MicFault, MicState, RecoveryFailure, RecoveryStatus } from './mic-state.ts';

export type RecoveryEffect =
  /** Audio stopped: end what the user was saying and rebuild turn-taking when it comes back. */
  | { type: 'paused'; fault: MicFault }
  /** Open the microphone again (same constraints, the default input) and rebuild the graph. */
  | { type: 'reacquire' }
  /** Only the AudioContext needs resuming. */
  | { type: 'resume-context' }
  /** Call `tick` at this time (epoch ms). */
  | { type: 'wake-at'; atMs: number }
  /** Audio flows again. */
  | { type: 'resumed' };

export interface CaptureRecoveryOptions {
  /** Whether the page is visible at the start. */
  visible: boolean;
  /**
   * A track muted while the page is visible gets this long to unmute by itself before the
   * microphone is opened again (ms). Default 1,500 (iOS unmutes once the call is over; some
   * versions never do).
   */
  unmuteGraceMs?: number;
  /** Delays before each retry of a busy or missing microphone (ms); then it is stuck. */
  retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

/** Faults a new track (getUserMedia again) fixes. */
const NEW_TRACK_FIXES: readonly MicFault[] = [
  'track-ended',
  'track-muted',
  'device-lost',
  'rate-changed',
  'context-suspended',
];

export class CaptureRecovery {
  status: RecoveryStatus = 'live';
  /** Why the last attempt failed (null after a success). */
  failure: RecoveryFailure | null = null;
  private readonly faults = new Set<MicFault>();
  private visible: boolean;
  private inFlight: 'reacquire' | 'resume-context' | null = null;
  private failures = 0;
  private retryAtMs: number | null = null;
  private mutedSinceMs = 0;
  /** When the page last became visible (epoch ms). */
  private visibleSinceMs = Number.NEGATIVE_INFINITY;
  /** A new track was already tried for this mute: wait for the unmute instead of looping. */
  private reacquiredForMute = false;
  /** When audio last started flowing (epoch ms). */
  private liveSinceMs = Number.NEGATIVE_INFINITY;
  private readonly unmuteGraceMs: number;
  private readonly retryDelaysMs: readonly number[];

  constructor(options: CaptureRecoveryOptions) {
    this.visible = options.visible;
    this.unmuteGraceMs = options.unmuteGraceMs ?? 1500;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  /** What is wrong now (empty while live). */
  get currentFaults(): ReadonlySet<MicFault> {
    return this.faults;
  }

  /** Something stopped the audio. */
  fault(fault: MicFault, nowMs: number): RecoveryEffect[] {
    if (this.faults.has(fault)) return [];
    if (fault === 'track-muted') {
      this.mutedSinceMs = nowMs;
      // A mute soon after a new track replaced a muted one is the same mute, not a new one.
      if (nowMs - this.liveSinceMs >= this.unmuteGraceMs) this.reacquiredForMute = false;
    }
    this.faults.add(fault);
    const effects: RecoveryEffect[] = [];
    if (this.status === 'live') effects.push({ type: 'paused', fault });
    return [...effects, ...this.decide(nowMs)];
  }

  /** A fault went away by itself (the track unmuted, the context runs again). */
  cleared(fault: MicFault, nowMs: number): RecoveryEffect[] {
    if (!this.faults.delete(fault)) return [];
    if (fault === 'track-muted') this.reacquiredForMute = false;
    // The context came back by itself (iOS, after a call): what waited for a tap need not.
    if (fault === 'context-suspended' && this.status === 'stuck' && this.failure === 'context')
      this.status = 'paused';
    return this.decide(nowMs);
  }

  /** The page's visibility is (re)reported: visibilitychange, pageshow, focus. */
  visibility(visible: boolean, nowMs: number): RecoveryEffect[] {
    const cameBack = visible && !this.visible;
    this.visible = visible;
    if (cameBack) {
      this.visibleSinceMs = nowMs;
      // The user is back: a fresh chance for whatever failed while they were away (they may
      // have allowed the microphone again in the settings, or hung up the call).
      this.failures = 0;
      this.retryAtMs = null;
      this.reacquiredForMute = false;
      if (this.status === 'stuck') this.status = 'paused';
    }
    return this.decide(nowMs);
  }

  /** A scheduled time (`wake-at`) came. */
  tick(nowMs: number): RecoveryEffect[] {
    return this.decide(nowMs);
  }

  /** The user asked for the microphone back (a tap: inside a user gesture). */
  retry(): RecoveryEffect[] {
    if (this.faults.size === 0 || this.inFlight !== null) return [];
    this.failures = 0;
    this.retryAtMs = null;
    // In a gesture, both getUserMedia and AudioContext.resume are allowed: do it all.
    return this.start('reacquire');
  }

  /** The attempt asked for (`reacquire` or `resume-context`) worked. */
  succeeded(nowMs: number): RecoveryEffect[] {
    const attempt = this.inFlight;
    this.inFlight = null;
    if (attempt === 'reacquire') {
      for (const f of NEW_TRACK_FIXES) this.faults.delete(f);
    } else {
      this.faults.delete('context-suspended');
    }
    this.failures = 0;
    this.retryAtMs = null;
    this.failure = null;
    return this.decide(nowMs);
  }

  /** The attempt asked for failed. */
  failed(failure: RecoveryFailure, nowMs: number): RecoveryEffect[] {
    this.inFlight = null;
    this.failure = failure;
    if (failure === 'denied' || failure === 'context') {
      this.status = 'stuck';
      return [];
    }
    const delay = this.retryDelaysMs[this.failures];
    this.failures++;
    if (delay === undefined) {
      this.status = 'stuck';
      return [];
    }
    this.retryAtMs = nowMs + delay;
    return this.decide(nowMs);
  }

  private decide(nowMs: number): RecoveryEffect[] {
    if (this.inFlight !== null) return [];
    if (this.faults.size === 0) {
      this.retryAtMs = null;
      if (this.status === 'live') return [];
      this.status = 'live';
      this.failure = null;
      this.liveSinceMs = nowMs;
      return [{ type: 'resumed' }];
    }
    if (this.status === 'stuck') return [];
    if (!this.visible) {
      this.status = 'paused';
      return [];
    }
    if (this.retryAtMs !== null && nowMs < this.retryAtMs) {
      this.status = 'retrying';
      return [{ type: 'wake-at', atMs: this.retryAtMs }];
    }
    // A mute gets its grace with the user there: iOS unmutes a moment after they are back.
    const unmuteDueMs = Math.max(this.mutedSinceMs, this.visibleSinceMs) + this.unmuteGraceMs;
    const muteExpired =
      this.faults.has('track-muted') && !this.reacquiredForMute && nowMs >= unmuteDueMs;
    const newTrack = ['track-ended', 'device-lost', 'rate-changed'] as const;
    if (newTrack.some((f) => this.faults.has(f)) || muteExpired) {
      if (this.faults.has('track-muted')) this.reacquiredForMute = true;
      return this.start('reacquire');
    }
    if (this.faults.has('context-suspended')) return this.start('resume-context');
    // Only a fresh mute: it may lift by itself.
    this.status = 'paused';
    return this.reacquiredForMute ? [] : [{ type: 'wake-at', atMs: unmuteDueMs }];
  }

  private start(attempt: 'reacquire' | 'resume-context'): RecoveryEffect[] {
    this.inFlight = attempt;
    this.status = 'recovering';
    return [{ type: attempt }];
  }
}
