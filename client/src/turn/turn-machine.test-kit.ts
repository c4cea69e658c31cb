import type { BargeInRule } from '@parley/shared';
import { TurnMachine, type TurnEffect, type TurnMachineOptions } from './turn-machine.ts';

/**
 * Reads like the conversation: `talk().user('question').bot(1).playing().coughAt(100)…`.
 * Every step records the effects the machine asked for.
 */
export function talk(
  duplex: 'full' | 'half' = 'full',
  bargeIn: BargeInRule = 'words',
  soundPitch?: TurnMachineOptions['soundPitch'],
) {
  const m = new TurnMachine({
    duplex,
    misfireWindowMs: 300,
    bargeIn,
    ...(soundPitch ? { soundPitch } : {}),
  });
  const effects: string[] = [];
  /** Why each sound over the reply stopped it or let it go on. */
  const reasons: string[] = [];
  const log = (e: TurnEffect[]) => {
    for (const x of e) {
      if (x.type === 'judged') reasons.push(`${x.action}: ${x.reason} (${x.afterMs} ms)`);
      else if (x.type === 'hold-end') effects.push(x.readWhole ? 'hold-end:read' : x.type);
      else effects.push('turnId' in x ? `${x.type}:${x.turnId}` : x.type);
    }
  };
  const api = {
    m,
    effects,
    reasons,
    /** The user says something that becomes turn `turnId`. */
    user(turnId: number, at = 0) {
      log(m.speechStart(at));
      log(m.speechRealStart());
      log(m.speechEnd(turnId));
      return api;
    },
    replyPlays(turnId: number) {
      m.replyStarted(turnId);
      return api;
    },
    loudAt(t: number) {
      log(m.energyOnset(t));
      return api;
    },
    speechStartsAt(t: number) {
      log(m.speechStart(t));
      return api;
    },
    confirmed(t?: number) {
      log(m.speechRealStart(t));
      return api;
    },
    /** The recogniser's words so far of the utterance, at `t` (and the stop phrases spotted). */
    heard(words: string, t: number, spotted?: readonly string[]) {
      log(m.heard(words, t, spotted));
      return api;
    },
    /** The relay's reading of the whole sound (at its pause) arrives at `t`. */
    reads(words: string, t: number) {
      log(m.heard(words, t, [], true));
      return api;
    },
    /** A speech-like VAD frame ends at `t`. */
    loudFrameAt(t: number) {
      log(m.tick(t, true));
      return api;
    },
    misfires() {
      log(m.misfire());
      return api;
    },
    ends(turnId: number, t?: number) {
      log(m.speechEnd(turnId, t));
      return api;
    },
    /** The microphone goes away; `openTurn` is the utterance being sent, if any. */
    micLost(openTurn: number | null, confirmed: boolean) {
      log(m.micLost(openTurn, confirmed));
      return api;
    },
    at(t: number) {
      log(m.tick(t));
      return api;
    },
    drained() {
      log(m.drained());
      return api;
    },
    /** The user taps the talk control (or presses Esc) to stop the reply. */
    interrupts() {
      log(m.interrupt());
      return api;
    },
    /** Push-to-talk pressed. */
    presses() {
      log(m.press());
      return api;
    },
    /** Push-to-talk released; `turnId` is the utterance it ended (null: a tap, dropped). */
    releases(turnId: number | null) {
      log(m.release(turnId));
      return api;
    },
    clear() {
      effects.length = 0;
      return api;
    },
  };
  return api;
}
