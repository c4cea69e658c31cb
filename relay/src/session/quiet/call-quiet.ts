import type { CallSilenceTimes } from './call-silence.ts';

/**
 * What a session knows of the quiet in its call: whether it is a call at all (the client said
 * so, or microphone audio came: a typed conversation is never checked on), when the user last
 * spoke or typed (or started the call), and when the last reply should have finished playing at
 * the client.
 */
export class CallQuiet {
  private live = false;
  private lastSpokeAtMs: number;
  private replyEndsAtMs = 0;

  constructor(nowMs: number) {
    this.lastSpokeAtMs = nowMs;
  }

  /** Microphone audio arrived: the session is a call. */
  audio(): void {
    this.live = true;
  }

  /** The client started (`live`) or ended the call (`call.state`; the message counts as speech). */
  callLive(live: boolean): void {
    this.live = live;
  }

  /** Whether the session is a call now. */
  get inCall(): boolean {
    return this.live;
  }

  /** The user said or typed something at `atMs` (an utterance message, a typed turn, a tap). */
  spoke(atMs: number): void {
    this.lastSpokeAtMs = atMs;
  }

  /**
   * A reply finished at `doneAtMs` with `audioMs` of audio: played in full, it ends by then at
   * the latest (the relay does not hear the end of playback; counting from the turn's end keeps
   * the silence from starting during the reply).
   */
  replied(doneAtMs: number, audioMs: number): void {
    this.replyEndsAtMs = Math.max(this.replyEndsAtMs, doneAtMs + audioMs);
  }

  /** When the user last said or typed something (or the call started; epoch ms). */
  get spokeAtMs(): number {
    return this.lastSpokeAtMs;
  }

  /** When the quiet began (see {@link CallSilenceTimes.quietSinceMs}). */
  get quietSinceMs(): CallSilenceTimes['quietSinceMs'] {
    return Math.max(this.lastSpokeAtMs, this.replyEndsAtMs);
  }
}
