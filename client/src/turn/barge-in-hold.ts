import { HOLD_END_MS, type BargeInDecision } from '@parley/shared';
import type { SoundOverReply } from './sound-over-reply.ts';

/** What a held end comes to when it is settled (see {@link BargeInHold.settle}). */
export type HoldOutcome =
  /** Its words are still awaited: the end stays held, the reply goes on. */
  | { type: 'wait' }
  /**
   * No turn (a backchannel, or no words that take it): the utterance is dropped. `behind`: its
   * words never reached the sound's end in the wait (the debug panel says so, with `reason`).
   */
  | { type: 'drop'; behind: boolean; reason: string }
  /** The words take the turn: the end is released, the utterance of `turnId`. */
  | { type: 'take'; turnId: number | null };

/**
 * The barge-in hold: the VAD's end of a sound over the reply, held while its words are awaited
 * (a recogniser running late may still send the words of a short "stop"). The hold lasts
 * {@link HOLD_END_MS} from the sound's end, longer while its words do not reach that end (the
 * policy's `awaitsWords`, bounded), and its wait counts again from when words can come again
 * (see WordsLink). Pure: the machine judges the sound and carries out what the hold comes to.
 */
export class BargeInHold {
  private held: { turnId: number | null; sinceMs: number; behind: boolean } | null = null;

  /** An end is held. */
  get active(): boolean {
    return this.held !== null;
  }

  /**
   * The sound's segment ended at `atMs` (the utterance of `turnId`), judged `last` for the last
   * time: unless it stopped the reply or its words are sure, its end is held for them. Returns
   * whether the sound's reading of the whole is asked for (a level hum's: the sound notes when),
   * or null when nothing is held.
   */
  begin(
    sound: SoundOverReply,
    last: BargeInDecision,
    turnId: number | null,
    atMs: number,
  ): { readWhole: boolean } | null {
    if (sound.stopped || last.unsure !== true) return null;
    this.held = { turnId, sinceMs: atMs, behind: false };
    const readWhole = last.awaitsReading === true;
    if (readWhole) sound.readingAskedAtMs = atMs;
    return { readWhole };
  }

  /** The wait for words is over at `nowMs` (its {@link HOLD_END_MS} have passed). */
  timedOut(nowMs: number): boolean {
    return this.held !== null && nowMs - this.held.sinceMs >= HOLD_END_MS;
  }

  /** Words can come again from `nowMs` (the connection is back): the waits count from there. */
  wordsAgain(sound: SoundOverReply, nowMs: number): void {
    if (!this.held) return;
    this.held.sinceMs = nowMs;
    sound.wordsAgainFromMs = nowMs;
  }

  /** Nothing is held any more (the microphone stopped, the user stopped the reply). */
  clear(): void {
    this.held = null;
  }

  /**
   * What the held end comes to, the sound judged `d` at its end: words that take the turn
   * release it; a backchannel, or no words by the end of the wait (`timedOut`), drop it — not
   * while its words do not reach its end (the policy's `awaitsWords`, bounded), unless `forced`
   * (the user speaks again: it is settled on what was heard).
   */
  settle(
    sound: SoundOverReply,
    d: BargeInDecision,
    timedOut: boolean,
    forced: boolean,
  ): HoldOutcome {
    const held = this.held;
    if (held === null) return { type: 'wait' };
    const awaits = d.unsure === true && (!timedOut || d.awaitsWords === true);
    if (d.action !== 'stop' && awaits && !forced) {
      held.behind = d.awaitsWords === true;
      return { type: 'wait' };
    }
    this.held = null;
    if (d.action === 'stop') return { type: 'take', turnId: held.turnId };
    const behind = sound.coveredToMs !== null && sound.coveredToMs < sound.lastLoudMs;
    return { type: 'drop', behind: held.behind && behind, reason: d.reason };
  }
}
